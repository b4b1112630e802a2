.class public Lcom/umeng/analytics/MobclickAgent;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public static startWithConfigure(Lcom/umeng/analytics/MobclickAgent$UMAnalyticsConfig;)V
    .registers 3
    return-void
.end method

.method public static onResume(Landroid/content/Context;)V
    .registers 3
    return-void
.end method
