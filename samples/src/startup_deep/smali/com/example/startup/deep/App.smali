.class public Lcom/example/startup/deep/App;
.super Landroid/app/Application;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Application;-><init>()V
    return-void
.end method

.method public onCreate()V
    .registers 4
    invoke-super {p0}, Landroid/app/Application;->onCreate()V
    invoke-direct {p0}, Lcom/example/startup/deep/App;->setupSdks()V
    return-void
.end method

.method private setupSdks()V
    .registers 2
    new-instance v0, Lcom/example/startup/deep/PushInit;
    invoke-direct {v0}, Lcom/example/startup/deep/PushInit;-><init>()V
    invoke-virtual {v0, p0}, Lcom/example/startup/deep/SdkInit;->start(Landroid/content/Context;)V
    return-void
.end method
