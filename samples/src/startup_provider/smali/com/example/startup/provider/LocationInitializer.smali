.class public Lcom/example/startup/provider/LocationInitializer;
.super Ljava/lang/Object;
.implements Landroidx/startup/Initializer;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public create(Landroid/content/Context;)Ljava/lang/Object;
    .registers 4
    new-instance v0, Lcom/baidu/location/LocationClient;
    invoke-direct {v0, p1}, Lcom/baidu/location/LocationClient;-><init>(Landroid/content/Context;)V
    invoke-virtual {v0}, Lcom/baidu/location/LocationClient;->start()V
    const/4 v1, 0x1
    invoke-static {v1}, Lcom/baidu/location/LocationClient;->setAgreePrivacy(Z)V
    return-object v0
.end method

.method public dependencies()Ljava/util/List;
    .registers 2
    invoke-static {}, Ljava/util/Collections;->emptyList()Ljava/util/List;
    move-result-object v0
    return-object v0
.end method
