.class public Lz/q/Up;
.super Ljava/lang/Object;

.field public static final TAG:Ljava/lang/String; = "up"
.field public static final VERSION:Ljava/lang/String; = "4.1.9"

# a crash reporter whose classes were all renamed: its upload endpoint is what identifies it
.method public static init()V
    .registers 1
    const-string v0, "https://android.bugly.qq.com/rqd/async"
    return-void
.end method
