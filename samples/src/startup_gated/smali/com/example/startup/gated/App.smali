.class public Lcom/example/startup/gated/App;
.super Landroid/app/Application;

.field public static sPrivacyAgreed:Z

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Application;-><init>()V
    return-void
.end method

.method public onCreate()V
    .registers 5
    invoke-super {p0}, Landroid/app/Application;->onCreate()V
    const-string v0, "5f00000000000000000000aa"
    const-string v1, "official"
    invoke-static {p0, v0, v1}, Lcom/umeng/commonsdk/UMConfigure;->preInit(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;)V
    const/4 v0, 0x0
    invoke-static {p0, v0}, Lcn/jiguang/api/utils/JCollectionAuth;->setAuth(Landroid/content/Context;Z)V
    const-string v0, "privacy"
    const/4 v1, 0x0
    invoke-virtual {p0, v0, v1}, Lcom/example/startup/gated/App;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;
    move-result-object v0
    const-string v1, "agreed"
    const/4 v2, 0x0
    invoke-interface {v0, v1, v2}, Landroid/content/SharedPreferences;->getBoolean(Ljava/lang/String;Z)Z
    move-result v0
    if-eqz v0, :skip
    const-string v0, "5f00000000000000000000aa"
    const-string v1, "official"
    const/4 v2, 0x1
    const/4 v3, 0x0
    invoke-static {p0, v0, v1, v2, v3}, Lcom/umeng/commonsdk/UMConfigure;->init(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;ILjava/lang/String;)V
    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    const-string v1, "android_id"
    invoke-static {v0, v1}, Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;
    :skip
    invoke-direct {p0}, Lcom/example/startup/gated/App;->startPush()V
    sget-boolean v0, Lcom/example/startup/gated/App;->sPrivacyAgreed:Z
    if-eqz v0, :no_mipush
    const-string v1, "2882303761500000000"
    const-string v2, "5550000000000"
    invoke-static {p0, v1, v2}, Lcom/xiaomi/mipush/sdk/MiPushClient;->registerPush(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;)V
    :no_mipush
    invoke-static {}, Lcom/example/startup/gated/ConsentStore;->isPolicyAccepted()Z
    move-result v0
    if-eqz v0, :no_bugly
    const-string v1, "bugly-app-id"
    const/4 v2, 0x0
    invoke-static {p0, v1, v2}, Lcom/tencent/bugly/crashreport/CrashReport;->initCrashReport(Landroid/content/Context;Ljava/lang/String;Z)V
    :no_bugly
    return-void
.end method

.method private startPush()V
    .registers 2
    invoke-static {p0}, Lcom/example/startup/gated/PrivacyStore;->isAgreed(Landroid/content/Context;)Z
    move-result v0
    if-nez v0, :go
    return-void
    :go
    invoke-static {p0}, Lcn/jpush/android/api/JPushInterface;->init(Landroid/content/Context;)V
    return-void
.end method
