.class public Lcom/example/chat/util/Fake;
.super Ljava/lang/Object;

# A planted non-call: an app class with a method that happens to be named getDeviceId.

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public getDeviceId()Ljava/lang/String;
    .registers 2
    const-string v0, "not-an-imei"
    return-object v0
.end method

.method public static use()Ljava/lang/String;
    .registers 2
    new-instance v0, Lcom/example/chat/util/Fake;
    invoke-direct {v0}, Lcom/example/chat/util/Fake;-><init>()V
    invoke-virtual {v0}, Lcom/example/chat/util/Fake;->getDeviceId()Ljava/lang/String;
    move-result-object v1
    return-object v1
.end method
