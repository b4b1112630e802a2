.class public Lcom/example/bigshop/Tasks;
.super Ljava/lang/Object;

.method public static running(Landroid/content/Context;)Ljava/util/List;
    .registers 3
    const-string v0, "activity"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/app/ActivityManager;
    invoke-virtual {v0}, Landroid/app/ActivityManager;->getRunningAppProcesses()Ljava/util/List;
    move-result-object v1
    return-object v1
.end method
