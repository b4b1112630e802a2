.class public Lcom/amap/api/location/AMapLocationClient;
.super Ljava/lang/Object;

.method public constructor <init>(Landroid/content/Context;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public startLocation()V
    .registers 1
    return-void
.end method

.method public static updatePrivacyShow(Landroid/content/Context;ZZ)V
    .registers 3
    return-void
.end method

.method public static updatePrivacyAgree(Landroid/content/Context;Z)V
    .registers 2
    return-void
.end method
