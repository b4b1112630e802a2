.class public Lcom/example/chat/PasteHelper;
.super Ljava/lang/Object;

.method public static paste(Landroid/content/Context;)Landroid/content/ClipData;
    .registers 3
    const-string v0, "clipboard"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/content/ClipboardManager;
    invoke-virtual {v0}, Landroid/content/ClipboardManager;->getPrimaryClip()Landroid/content/ClipData;
    move-result-object v1
    return-object v1
.end method
