.class public Lcom/iflytek/cloud/SpeechRecognizer;
.super Ljava/lang/Object;

.method public static startListening()Landroid/media/MediaRecorder;
    .registers 3
    new-instance v0, Landroid/media/MediaRecorder;
    invoke-direct {v0}, Landroid/media/MediaRecorder;-><init>()V
    const/4 v1, 0x1
    invoke-virtual {v0, v1}, Landroid/media/MediaRecorder;->setAudioSource(I)V
    return-object v0
.end method
