.class public Lcom/example/startup/thread/LocationStarter;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;

.field private final ctx:Landroid/content/Context;

.method public constructor <init>(Landroid/content/Context;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/startup/thread/LocationStarter;->ctx:Landroid/content/Context;
    return-void
.end method

.method public run()V
    .registers 4
    iget-object v1, p0, Lcom/example/startup/thread/LocationStarter;->ctx:Landroid/content/Context;
    new-instance v2, Lcom/amap/api/location/AMapLocationClient;
    invoke-direct {v2, v1}, Lcom/amap/api/location/AMapLocationClient;-><init>(Landroid/content/Context;)V
    invoke-virtual {v2}, Lcom/amap/api/location/AMapLocationClient;->startLocation()V
    return-void
.end method
