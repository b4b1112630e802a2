.class public Lcom/mystery/lite/Tracker;
.super Ljava/lang/Object;

# unknown: called by the app and by JPush, so no single SDK explains it; reads the Android ID
.method public static track(Landroid/content/Context;)V
    .registers 3
    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    const-string v1, "android_id"
    invoke-static {v0, v1}, Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;
    return-void
.end method
