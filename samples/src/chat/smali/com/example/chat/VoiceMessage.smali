.class public Lcom/example/chat/VoiceMessage;
.super Ljava/lang/Object;

.method public static record()Landroid/media/AudioRecord;
    .registers 7
    new-instance v0, Landroid/media/AudioRecord;
    const/4 v1, 0x1
    const/16 v2, 0x3e80
    const/16 v3, 0x10
    const/4 v4, 0x2
    const/16 v5, 0x1000
    invoke-direct/range {v0 .. v5}, Landroid/media/AudioRecord;-><init>(IIIII)V
    invoke-virtual {v0}, Landroid/media/AudioRecord;->startRecording()V
    return-object v0
.end method
