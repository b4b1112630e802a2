.class public Lcom/example/startup/dialog/ConsentListener;
.super Ljava/lang/Object;
.implements Landroid/content/DialogInterface$OnClickListener;

.field private final ctx:Landroid/content/Context;

.method public constructor <init>(Landroid/content/Context;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/startup/dialog/ConsentListener;->ctx:Landroid/content/Context;
    return-void
.end method

.method public onClick(Landroid/content/DialogInterface;I)V
    .registers 7
    iget-object v0, p0, Lcom/example/startup/dialog/ConsentListener;->ctx:Landroid/content/Context;
    const-string v1, "privacy"
    const/4 v2, 0x0
    invoke-virtual {v0, v1, v2}, Landroid/content/Context;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;
    move-result-object v1
    invoke-interface {v1}, Landroid/content/SharedPreferences;->edit()Landroid/content/SharedPreferences$Editor;
    move-result-object v1
    const-string v2, "agreed"
    const/4 v3, 0x1
    invoke-interface {v1, v2, v3}, Landroid/content/SharedPreferences$Editor;->putBoolean(Ljava/lang/String;Z)Landroid/content/SharedPreferences$Editor;
    move-result-object v1
    invoke-interface {v1}, Landroid/content/SharedPreferences$Editor;->apply()V
    invoke-static {v0}, Lcom/example/startup/dialog/App;->startSdks(Landroid/content/Context;)V
    return-void
.end method
