.class public Lcom/example/attrib/App;
.super Landroid/app/Application;

.method public onCreate()V
    .registers 2
    invoke-static {p0}, Lcn/jpush/android/api/JPushInterface;->init(Landroid/content/Context;)V
    invoke-static {p0}, Lcom/amap/api/location/AMapLocationClient;->start(Landroid/content/Context;)V
    invoke-static {p0}, Lcom/mystery/lite/Tracker;->track(Landroid/content/Context;)V
    invoke-static {}, Lz/q/Up;->init()V
    return-void
.end method
