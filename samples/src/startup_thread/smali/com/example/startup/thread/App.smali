.class public Lcom/example/startup/thread/App;
.super Landroid/app/Application;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Application;-><init>()V
    return-void
.end method

.method public onCreate()V
    .registers 4
    invoke-super {p0}, Landroid/app/Application;->onCreate()V
    new-instance v0, Ljava/lang/Thread;
    new-instance v1, Lcom/example/startup/thread/CrashInit;
    invoke-direct {v1, p0}, Lcom/example/startup/thread/CrashInit;-><init>(Landroid/content/Context;)V
    invoke-direct {v0, v1}, Ljava/lang/Thread;-><init>(Ljava/lang/Runnable;)V
    invoke-virtual {v0}, Ljava/lang/Thread;->start()V
    new-instance v0, Landroid/os/Handler;
    invoke-static {}, Landroid/os/Looper;->getMainLooper()Landroid/os/Looper;
    move-result-object v1
    invoke-direct {v0, v1}, Landroid/os/Handler;-><init>(Landroid/os/Looper;)V
    new-instance v1, Lcom/example/startup/thread/LocationStarter;
    invoke-direct {v1, p0}, Lcom/example/startup/thread/LocationStarter;-><init>(Landroid/content/Context;)V
    invoke-virtual {v0, v1}, Landroid/os/Handler;->post(Ljava/lang/Runnable;)Z
    invoke-static {}, Ljava/util/concurrent/Executors;->newSingleThreadExecutor()Ljava/util/concurrent/ExecutorService;
    move-result-object v0
    new-instance v1, Lcom/example/startup/thread/PushTask;
    invoke-direct {v1, p0}, Lcom/example/startup/thread/PushTask;-><init>(Landroid/content/Context;)V
    invoke-interface {v0, v1}, Ljava/util/concurrent/ExecutorService;->submit(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/Future;
    return-void
.end method
