.class public Lcom/example/startup/splash/MainActivity$GoHome;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;

.field private final activity:Landroid/app/Activity;

.method public constructor <init>(Landroid/app/Activity;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/startup/splash/MainActivity$GoHome;->activity:Landroid/app/Activity;
    return-void
.end method

.method public run()V
    .registers 4
    iget-object v0, p0, Lcom/example/startup/splash/MainActivity$GoHome;->activity:Landroid/app/Activity;
    new-instance v1, Landroid/content/Intent;
    const-class v2, Lcom/example/startup/splash/HomeActivity;
    invoke-direct {v1, v0, v2}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    invoke-virtual {v0, v1}, Landroid/app/Activity;->startActivity(Landroid/content/Intent;)V
    invoke-virtual {v0}, Landroid/app/Activity;->finish()V
    return-void
.end method
