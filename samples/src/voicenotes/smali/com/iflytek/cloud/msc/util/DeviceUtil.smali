.class public Lcom/iflytek/cloud/msc/util/DeviceUtil;
.super Ljava/lang/Object;

# The speech SDK reads the IMSI: data its policy entry rarely lists.
.method public static imsi(Landroid/content/Context;)Ljava/lang/String;
    .registers 3
    const-string v0, "phone"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/telephony/TelephonyManager;
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getSubscriberId()Ljava/lang/String;
    move-result-object v1
    return-object v1
.end method
