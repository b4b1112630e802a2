.class public Lcom/example/startup/consentonly/AgreeListener;
.super Ljava/lang/Object;
.implements Landroid/content/DialogInterface$OnClickListener;

.field private final context:Landroid/content/Context;

.method public constructor <init>(Landroid/content/Context;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/example/startup/consentonly/AgreeListener;->context:Landroid/content/Context;
    return-void
.end method

.method public onClick(Landroid/content/DialogInterface;I)V
    .registers 5
    iget-object v0, p0, Lcom/example/startup/consentonly/AgreeListener;->context:Landroid/content/Context;
    new-instance v1, Lcom/amap/api/location/AMapLocationClient;
    invoke-direct {v1, v0}, Lcom/amap/api/location/AMapLocationClient;-><init>(Landroid/content/Context;)V
    invoke-virtual {v1}, Lcom/amap/api/location/AMapLocationClient;->startLocation()V
    return-void
.end method
