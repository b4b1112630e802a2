.class public Lcom/amap/api/location/AMapLocationClient;
.super Ljava/lang/Object;

.method public static start(Landroid/content/Context;)V
    .registers 1
    invoke-static {p0}, Lcom/aps/Helper;->scan(Landroid/content/Context;)V
    return-void
.end method
