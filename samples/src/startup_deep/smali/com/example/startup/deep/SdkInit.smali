.class public abstract Lcom/example/startup/deep/SdkInit;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public abstract start(Landroid/content/Context;)V
.end method
