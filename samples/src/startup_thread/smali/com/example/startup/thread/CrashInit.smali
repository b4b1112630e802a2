.class public Lcom/example/startup/thread/CrashInit;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;

.field private final ctx:Landroid/content/Context;

.method public constructor <init>(Landroid/content/Context;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/startup/thread/CrashInit;->ctx:Landroid/content/Context;
    return-void
.end method

.method public run()V
    .registers 4
    iget-object v1, p0, Lcom/example/startup/thread/CrashInit;->ctx:Landroid/content/Context;
    const-string v2, "bugly-app-id"
    const/4 v3, 0x0
    invoke-static {v1, v2, v3}, Lcom/tencent/bugly/crashreport/CrashReport;->initCrashReport(Landroid/content/Context;Ljava/lang/String;Z)V
    return-void
.end method
