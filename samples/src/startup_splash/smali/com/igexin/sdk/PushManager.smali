.class public Lcom/igexin/sdk/PushManager;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public static getInstance()Lcom/igexin/sdk/PushManager;
    .registers 2
    const/4 v0, 0x0
    return-object v0
.end method

.method public initialize(Landroid/content/Context;)V
    .registers 4
    return-void
.end method

.method public preInit(Landroid/content/Context;)Z
    .registers 4
    const/4 v0, 0x0
    return v0
.end method
