.class public Lcom/tencent/bugly/crashreport/CrashReport;
.super Ljava/lang/Object;

.method public static initCrashReport(Landroid/content/Context;Ljava/lang/String;Z)V
    .registers 6
    const-string v0, "bugly_settings"
    const/4 v1, 0x0
    invoke-virtual {p0, v0, v1}, Landroid/content/Context;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;
    move-result-object v0
    const-string v1, "collect_device_info"
    const/4 v2, 0x1
    invoke-interface {v0, v1, v2}, Landroid/content/SharedPreferences;->getBoolean(Ljava/lang/String;Z)Z
    move-result v0
    if-eqz v0, :done
    invoke-static {p0}, Lcom/tencent/bugly/crashreport/CrashReport;->collect(Landroid/content/Context;)V
    :done
    return-void
.end method

.method private static collect(Landroid/content/Context;)V
    .registers 3
    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    const-string v1, "android_id"
    invoke-static {v0, v1}, Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;
    return-void
.end method
