.class public Lcom/example/startup/thread/PushTask;
.super Ljava/lang/Object;
.implements Ljava/util/concurrent/Callable;

.field private final ctx:Landroid/content/Context;

.method public constructor <init>(Landroid/content/Context;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/startup/thread/PushTask;->ctx:Landroid/content/Context;
    return-void
.end method

.method public call()Ljava/lang/Object;
    .registers 4
    iget-object v1, p0, Lcom/example/startup/thread/PushTask;->ctx:Landroid/content/Context;
    invoke-static {}, Lcom/igexin/sdk/PushManager;->getInstance()Lcom/igexin/sdk/PushManager;
    move-result-object v2
    invoke-virtual {v2, v1}, Lcom/igexin/sdk/PushManager;->initialize(Landroid/content/Context;)V
    const/4 v0, 0x0
    return-object v0
.end method
