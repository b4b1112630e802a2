.class public Lcn/jpush/android/api/JPushInterface;
.super Ljava/lang/Object;

# sdk_package: the SDK's own package reads the IMEI; it calls JCore's renamed internals
.method public static init(Landroid/content/Context;)V
    .registers 3
    const-string v0, "phone"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/telephony/TelephonyManager;
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getImei()Ljava/lang/String;
    invoke-static {p0}, Lcn/jiguang/ak/a;->a(Landroid/content/Context;)V
    invoke-static {p0}, Lcom/mystery/lite/Tracker;->track(Landroid/content/Context;)V
    return-void
.end method
