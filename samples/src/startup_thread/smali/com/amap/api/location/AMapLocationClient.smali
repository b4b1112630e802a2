.class public Lcom/amap/api/location/AMapLocationClient;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public constructor <init>(Landroid/content/Context;)V
    .registers 4
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public startLocation()V
    .registers 3
    return-void
.end method

.method public stopLocation()V
    .registers 3
    return-void
.end method
