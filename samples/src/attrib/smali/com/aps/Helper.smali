.class public Lcom/aps/Helper;
.super Ljava/lang/Object;

# reached_only_from: only AMap's client calls this class; it lists Wi-Fi scan results
.method public static scan(Landroid/content/Context;)V
    .registers 2
    const-string v0, "wifi"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/net/wifi/WifiManager;
    invoke-virtual {v0}, Landroid/net/wifi/WifiManager;->getScanResults()Ljava/util/List;
    return-void
.end method
