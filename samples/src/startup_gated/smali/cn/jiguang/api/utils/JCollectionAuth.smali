.class public Lcn/jiguang/api/utils/JCollectionAuth;
.super Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public static setAuth(Landroid/content/Context;Z)V
    .registers 4
    return-void
.end method
