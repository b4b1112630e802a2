.class public Lcom/example/startup/gated/ConsentStore;
.super Ljava/lang/Object;

.field private static accepted:Z

.method public static isPolicyAccepted()Z
    .registers 1
    sget-boolean v0, Lcom/example/startup/gated/ConsentStore;->accepted:Z
    return v0
.end method
