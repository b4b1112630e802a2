.class public Lcom/example/startup/deep/PushInit;
.super Lcom/example/startup/deep/SdkInit;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Lcom/example/startup/deep/SdkInit;-><init>()V
    return-void
.end method

.method public start(Landroid/content/Context;)V
    .registers 2
    invoke-static {p1}, Lcn/jpush/android/api/JPushInterface;->init(Landroid/content/Context;)V
    return-void
.end method
