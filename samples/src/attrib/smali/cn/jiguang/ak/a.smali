.class public Lcn/jiguang/ak/a;
.super Ljava/lang/Object;

# vendor_package: JCore's renamed internals (cn.jiguang.ak) read the last known location
.method public static a(Landroid/content/Context;)V
    .registers 3
    const-string v0, "location"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/location/LocationManager;
    const-string v1, "network"
    invoke-virtual {v0, v1}, Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;
    return-void
.end method
