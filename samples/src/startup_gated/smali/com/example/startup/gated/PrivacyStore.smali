.class public Lcom/example/startup/gated/PrivacyStore;
.super Ljava/lang/Object;

.method public static isAgreed(Landroid/content/Context;)Z
    .registers 4
    const-string v0, "privacy"
    const/4 v1, 0x0
    invoke-virtual {p0, v0, v1}, Landroid/content/Context;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;
    move-result-object v0
    const-string v1, "agreed"
    const/4 v2, 0x0
    invoke-interface {v0, v1, v2}, Landroid/content/SharedPreferences;->getBoolean(Ljava/lang/String;Z)Z
    move-result v0
    return v0
.end method
