.class public Lcn/jpush/android/api/JPushInterface;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public static init(Landroid/content/Context;)V
    .registers 3
    return-void
.end method

.method public static setDebugMode(Z)V
    .registers 3
    return-void
.end method
