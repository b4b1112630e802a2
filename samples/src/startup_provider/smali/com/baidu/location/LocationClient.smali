.class public Lcom/baidu/location/LocationClient;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public constructor <init>(Landroid/content/Context;)V
    .registers 4
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public start()V
    .registers 3
    return-void
.end method

.method public stop()V
    .registers 3
    return-void
.end method

.method public static setAgreePrivacy(Z)V
    .registers 3
    return-void
.end method
