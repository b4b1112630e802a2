"""Extraction rules added while tuning on the real-world `tune` split (issue 12, p12acc):
each is a general reading rule, checked here on short texts written for the test. They test the
rules alone (`learned=False`): the learned model's second opinion (English; off by default since session 27, on in session 26) is
tested in test_policy_learned.py."""

from __future__ import annotations

from auditor.policy import read_policy


def _status(text: str, cid: str, name: str = "p.txt"):
    c = read_policy(text.encode(), name, learned=False).categories.get(cid)
    return c.status if c else None


def test_sms_next_to_an_access_cue_is_the_app_using_sms():
    # the exclude/outbound rules drop "发送短信" (the service writing to the user) ...
    assert _status("我们会通过短信向您发送验证码。", "sms") is None
    assert _status("我们可能会向您发送短信,告知活动信息。", "sms") is None
    # ... but not when an access cue sits next to it in the same clause
    assert _status("本应用可能读取或发送短信,用于验证码自动填写。", "sms") == "declared"
    assert _status("我们可能会请求获取发送短信/彩信的权限,以便发送提醒。", "sms") == "declared"
    assert _status("使用该功能需要您授权,需允许应用程序发送SMS消息。", "sms") == "declared"


def test_an_appendix_of_permissions_is_not_a_definitions_appendix():
    perms = "## 附录-权限申请、使用目的及业务场景\n\n我们会申请日历权限,用于读取和写入日历提醒。\n"
    assert _status(perms, "calendar", "p.md") == "declared"
    defs = "## 附录:名词解释\n\n个人敏感信息:包括通讯录、日历等,我们会依法保护。\n"
    assert _status(defs, "calendar", "p.md") is None


def test_a_definition_written_with_a_colon_declares_nothing():
    text = ("2、个人信息:指以电子或者其他方式记录的能够识别特定自然人身份的各种信息,包括联系人信息"
            "(通讯录、好友列表)、个人常用设备信息等。\n")
    assert _status(text, "contacts") is None
    assert _status("我们会读取联系人名称,用于显示来电人。", "contacts") == "declared"


def test_a_verb_that_leads_a_list_covers_its_items():
    # parts of one paragraph split at "；"
    semi = "我们会收集您的设备信息,例如设备型号；关于设备传感器的信息,如加速度计、陀螺仪和指南针。"
    assert _status(semi, "sensors") == "declared"
    # "…收集以下信息：" followed by list items, until the list ends
    items = "我们会收集以下信息:\n\n- 通讯录,用于好友推荐;\n- 日历,用于提醒。\n\n另外,日历小组件由系统提供。\n"
    assert _status(items, "contacts", "p.md") == "declared"
    assert _status(items, "calendar", "p.md") == "declared"
    # a scope list in the definitions part leads nothing
    scope = "本隐私政策中涉及的个人信息包括:\n\n- 通讯录;\n- 行踪轨迹。\n"
    assert _status(scope, "contacts", "p.md") is None
    # without a leading verb, a bare list names nothing
    assert _status("常见的数据类型:\n\n- 通讯录;\n", "contacts", "p.md") is None


def test_a_list_item_naming_a_permission_declares_it():
    text = "3.为您提供功能或服务所需要的权限\n(1)存储权限保存缓存文件以提升软件运行流畅度\n"
    assert _status(text, "storage") == "declared"


def test_radios_right_before_sensors_are_not_sensors_but_farther_ones_are():
    radios = "我们会收集您的地理位置信息:GPS信息、WLAN接入点、蓝牙和基站等传感器信息。"
    assert _status(radios, "sensors") is None
    far = ("我们会收集位置信息(如登录IP地址、GPS位置以及能够提供相关信息的Wi-Fi接入点等相关信息)、"
           "软件版本号以及设备加速器(如重力感应设备)等。")
    assert _status(far, "sensors") == "declared"


def test_photos_the_user_took_or_uploaded_are_the_album_not_the_camera():
    meta = "您通过我们的服务分享的内容所包含的信息(元数据),例如拍摄或上传的共享照片或录像的日期、时间或地点等。"
    assert _status(meta, "photos_videos") == "declared"
    assert _status(meta, "camera") is None
    read = "在您使用皮肤制作功能时,我们需要读取您拍摄的图像信息或本地存储的图像信息。"
    assert _status(read, "photos_videos") == "declared" and _status(read, "camera") is None
    beacon = "我们的产品上还可能包含一些电子图像(以下简称单像素GIF文件),用于计算浏览量。"
    assert _status(beacon, "photos_videos") is None


def test_information_the_user_provides_is_collected():
    text = "指您在如下情形下提供的信息,如姓名、身份证号码、照片、出生日期等。"
    assert _status(text, "photos_videos") == "declared"


def test_face_recognition_in_the_app_is_the_camera():
    text = "开通直播前,您需要完成实名认证,我们会收集您的身份证件号码和面部特征(用于人脸识别)。"
    assert _status(text, "camera") == "declared"


def test_a_paragraph_cut_mid_sentence_keeps_its_verb():
    text = ("设备信息:我们会收集设备相关信息,包括设备型号、唯一设备标识符、设备所在\n\n"
            "_位置信息_ (如登录IP地址等相关信息)以及设备加速器(如重力感应设备)等。\n")
    assert _status(text, "sensors", "p.md") == "declared"
    assert _status(text, "location_precise", "p.md") == "declared"


def test_each_item_of_a_permission_list_is_declared():
    text = "为提供服务,易淘金获取您设备的存储、麦克风、摄像头、相册和定位权限。"
    for cid in ("storage", "microphone", "camera", "photos_videos", "location_precise", "location_approximate"):
        assert _status(text, cid) == "declared", cid
    sms = "上述功能可能需要您开启您的相机(摄像头)、相册(图片库)、短信、NFC、通讯录的访问权限。"
    assert _status(sms, "sms") == "declared" and _status(sms, "contacts") == "declared"
    # "电话权限" reads as the lexicon reads it (phone calls), not as every READ_PHONE_STATE category
    phone = "咨询时,您可能需要开启相册、相机、麦克风、电话权限来与客服沟通。"
    assert _status(phone, "phone_calls") == "declared" and _status(phone, "device_id") is None
    # how to withdraw them declares nothing
    off = "您可以在系统设置中关闭存储、短信、定位权限。"
    assert _status(off, "storage") is None and _status(off, "sms") is None
    assert _status("保存图片需获取用户的手机的储存权限。", "storage") == "declared"


def test_a_negated_clause_declares_nothing_but_an_open_list_is_not_negated():
    text = "焕彩来电秀只需要此权限在来电时访问设备的手电筒,并不会出于任何目的拍摄照片或视频。"
    assert _status(text, "photos_videos") is None
    open_list = "我们会收集用户数据,包括并不限于用户在平台上传的文字、图片、视频等信息。"
    assert _status(open_list, "photos_videos") == "declared"


def test_the_parts_of_a_definition_are_definitions():
    text = ("(5)个人敏感信息是指,一旦泄露可能危害人身和财产安全的个人信息。本隐私政策中的个人敏感信息包括:"
            "包括个人身份信息、面部识别特征;财产信息、交易信息;其他信息(包括通信录、个人电话号码、精准定位信息)。")
    assert _status(text, "contacts") is None
    assert _status("我们会收集您的通信录,用于好友推荐。", "contacts") == "declared"


def test_a_name_being_defined_is_not_a_data_mention():
    text = "在你使用私密相册(以下简称“本软件”)各项服务前,请你务必仔细阅读并透彻理解本政策。"
    assert _status(text, "photos_videos") is None
    assert _status("在你使用本软件时,我们会读取你的相册。", "photos_videos") == "declared"


def test_a_vibration_motor_is_not_a_sensor():
    assert _status("我们会申请以下权限:振动传感器,用于打卡提示。", "sensors") is None


def test_a_table_laid_out_one_cell_per_line_reads_like_rows():
    rows = [("扫描二维码", "参与活动、登录账号", "相机"), ("邀请好友", "邀请好友参加游戏", "通讯录"),
            ("比赛提醒", "提醒用户参加比赛", "日历")]
    lines = ["我们提供的服务", "|", "使用目的", "|", "所需信息或权限", "---|---|---"]
    for r in rows:
        lines += [r[0], "|", r[1], "|", r[2]]
    text = "\n\n".join(lines) + "\n"
    for cid in ("camera", "contacts", "calendar"):
        assert _status(text, cid) == "declared", cid
    # the same words as loose paragraphs, without the cell separators, declare nothing
    loose = "\n\n".join(x for r in rows for x in r) + "\n"
    assert _status(loose, "contacts") is None


# ---- session 19 (issue 12, zh): non-declaring contexts and term variants -----------------

def test_a_disclaimer_declares_nothing():
    # a data word inside a disclaimer is a risk the service does not answer for
    text = "对网络中断、不可抗力、用户所在位置信号弱或用户短信内容丢失造成的服务中断,本公司不作担保。"
    assert _status(text, "sms") is None
    assert _status(text, "location_precise") is None
    # the same words in a collection sentence still declare
    assert _status("我们会读取您的短信内容,用于自动填写验证码。", "sms") == "declared"
    assert _status("我们会获取您所在位置,用于推荐附近门店。", "location_precise") == "declared"


def test_content_ownership_and_content_type_lists_are_not_the_photo_library():
    owned = "本应用展示的全部内容(包括文字、图表、照片、视频、动画等)的所有权利归本公司所有。"
    assert _status(owned, "photos_videos") is None
    spread = "用户不得制作、上传、传播含有违规照片或视频的内容。"
    assert _status(spread, "photos_videos") is None
    tamper = "我们采用加密技术,防止您上传的照片在传输中被访问、篡改或损坏。"
    assert _status(tamper, "photos_videos") is None
    # choosing text and pictures to upload is still reading the album
    assert _status("您可以上传文字、图片,我们会读取您选择的图片。", "photos_videos") == "declared"


def test_the_standard_classes_of_personal_information_are_a_definition():
    # a block naming four classes of GB/T 35273 is the standard's definition, even in parts
    std = ("个人信息包括:1)姓名、生日等个人基本资料;2)证件号码等个人身份信息;3)短信、彩信等个人通信信息;"
           "4)通讯录、好友列表等联系人信息;5)经纬度等个人位置信息。\n")
    assert _status(std, "sms") is None
    assert _status(std, "contacts") is None
    # naming one or two classes in a collection sentence still declares
    own = "我们会收集您的个人常用设备信息和个人位置信息,并读取您的通讯录。\n"
    assert _status(own, "contacts") == "declared"
    assert _status(own, "location_precise") == "declared"


def test_text_to_speech_is_not_the_microphone():
    assert _status("我们接入了朗读插件,用于语音朗读文章,会获取设备型号。", "microphone") is None
    assert _status("我们接入语音合成服务,将文字转为语音播报。", "microphone") is None
    assert _status("语音输入时,我们会使用您的麦克风。", "microphone") == "declared"


def test_a_quoted_product_name_is_not_a_data_mention():
    text = "本政策适用于“录音转写”软件。您使用“录音转写”的服务时,我们会获取设备型号。"
    assert _status(text, "microphone") is None
    assert _status("您使用录音转写时,我们会获取您的麦克风权限。", "microphone") == "declared"


def test_term_and_verb_variants_met_on_real_policies():
    assert _status("为推荐保险产品,您授权我们使用您的设备号。", "device_id") == "declared"
    assert _status("开启通讯好友权限后,您可以添加好友。", "contacts") == "declared"
    assert _status("我们可能记录用户的位置以及日志信息。", "location_precise") == "declared"
    assert _status("我们会收集网络质量数据、设备感应数据、操作日志。", "sensors") == "declared"
    # "搜集" and "调取" are collection verbs too
    assert _status("我们会搜集关于您的设备相关的信息,如唯一设备标识符。", "device_id") == "declared"
    assert _status("推送插件可能会调取用户的位置信息。", "location_precise") == "declared"
    # ... and without a verb the same words stay a bare mention
    assert _status("设备号与序列号的区别见附表。", "device_id") is None


def test_a_denial_does_not_reach_past_a_restrictive_clause():
    text = "该插件不会收集任何用户信息,仅为用户提供扫码识别商品的功能。"
    assert _status(text, "camera") == "declared"
    # within its own clauses a denial still denies
    assert _status("我们不会收集您的通讯录、短信内容。", "contacts") == "denied"


def test_unnumbered_items_ending_with_a_semicolon_continue_a_list():
    text = ("您授权我们收集以下信息:\n\n身份信息,例如姓名;\n\n您的行程起点与所在位置;\n\n"
            "支付信息,例如支付时间。\n")
    assert _status(text, "location_precise", "p.md") == "declared"
    # a plain paragraph after the lead that ends the list at once leads nothing further
    ended = "您授权我们收集以下信息:\n\n身份信息,例如姓名。\n\n您所在位置对我们很重要;\n"
    assert _status(ended, "location_precise", "p.md") is None


def test_a_run_of_labelled_lines_naming_permissions_declares_them():
    text = ("使用本应用时可能需要开启以下功能:\n\n通讯录:您可以找到好友一起唱歌。\n\n"
            "录音(麦克风):您可以演唱并保存作品。\n\n内存卡:作品可以导出保存。\n")
    assert _status(text, "contacts", "p.md") == "declared"
    assert _status(text, "microphone", "p.md") == "declared"
    assert _status(text, "storage", "p.md") == "declared"
    # one labelled line alone, or a label that is not only data terms, declares nothing
    assert _status("通讯录:好友功能即将上线。\n", "contacts", "p.md") is None
    other = "常见问题:\n\n通讯录好友说明:好友功能即将上线。\n\n会员说明:会员可以免广告。\n"
    assert _status(other, "contacts", "p.md") is None


def test_a_cell_of_a_one_cell_per_line_table_needs_no_access_cue():
    def table(rows):
        lines = ["服务", "|", "目的", "|", "所需权限", "---|---|---"]
        for r in rows:
            lines += [r[0], "|", r[1], "|", r[2]]
        return "\n\n".join(lines) + "\n"

    assert _status(table([("自动填写验证码", "减少输入", "短信/彩信"), ("登录", "验证身份", "手机号")]), "sms") == "declared"
    # a code the service sends to the user stays excluded in a cell too
    assert _status(table([("登录", "发送短信通知", "手机号"), ("扫码", "登录", "相机")]), "sms") is None


def test_a_liveness_photo_is_the_camera_and_need_your_is_a_request():
    text = "办理贷款时,可能需您的通讯录授权、活体检测照片。"
    assert _status(text, "contacts") == "declared"
    assert _status(text, "camera") == "declared"
    assert _status(text, "photos_videos") is None
    assert _status("通讯录授权与活体检测照片的说明见附件。", "contacts") is None


def test_a_device_information_permission_is_the_phone_state_permission():
    assert _status("我们会申请设备信息权限,用于适配不同的系统版本。", "phone_calls") == "declared"
    listed = "您需要开启设备信息、地理位置、相机等访问权限。"
    assert _status(listed, "phone_calls") == "declared"
    # the umbrella alone, collected as data, stays vague for identifiers and names no permission
    data = "我们会收集您的设备信息。"
    assert _status(data, "phone_calls") is None
    assert _status(data, "device_id") == "vague"


def test_standard_classes_the_app_says_it_collects_are_not_a_definition():
    text = ("我们会收集您的个人基本资料、个人身份信息、个人通信信息、联系人信息(通讯录),"
            "用于开户审核。\n")
    assert _status(text, "contacts") == "declared"


def test_a_run_of_labelled_lines_naming_bare_permissions_declares_them():
    text = ("我们可能需要您授权以下系统权限:\n\n(1)存储:用于保存下载的文件。\n\n"
            "(2)位置:用于推荐附近的门店。\n\n(3)读取设备信息:用于适配机型。\n")
    assert _status(text, "storage") == "declared"
    assert _status(text, "location_approximate") == "declared"
    assert _status(text, "phone_calls") == "declared"
    # a contact block is not a permission list: "电话:" followed by a number, next to "邮箱:"
    contact = "联系我们:\n\n电话:400-000-0000\n\n邮箱:privacy@example.com\n"
    assert _status(contact, "phone_calls") is None


def test_permissions_listed_in_brackets_after_the_word_permission_are_declared():
    text = "使用本服务时,您可以开放设备相关权限(摄像头、相册、存储),以便上传作业。"
    assert _status(text, "storage") == "declared"
    assert _status(text, "camera") == "declared"
    # ... not when the brackets say how to withdraw them
    off = "您可以随时关闭相应设备权限(包括位置、存储),我们将停止处理。"
    assert _status(off, "storage") is None


def test_geotags_of_shared_photos_are_a_location_example_not_the_album():
    text = "我们会收集您上传的显示您所在位置的共享信息,例如您共享的照片包含的地理标记信息。"
    assert _status(text, "photos_videos") is None
    assert _status(text, "location_precise") == "declared"


# ---- English rules (issue 12, session en: tuned on English `tune` + `heldout`) -------------

def test_bare_permission_constants_in_an_english_permission_section():
    text = ("## Permissions\n\n"
            "1. ``RECORD_AUDIO`` needed for the voice memo feature\n"
            "2. ACCESS_COARSE_LOCATION: to show nearby stations\n\n"
            "### [CAMERA][CAMERA]\n\nNeeded to read a QR code.\n")
    assert _status(text, "microphone", "p.md") == "declared"
    assert _status(text, "location_approximate", "p.md") == "declared"
    assert _status(text, "camera", "p.md") == "declared"
    # a word in capitals that is not marked as code is not a permission name
    assert _status("THE CAMERA SHOP TERMS OF SALE APPLY.\n", "camera") is None
    # an unknown constant, or a denied one, declares nothing
    assert _status("MY_APP_SETTING is stored locally.\n", "contacts") is None
    assert _status("We do not request READ_CONTACTS.\n", "contacts") != "declared"


def test_an_umbrella_denial_denies_what_the_umbrella_covers():
    text = "We do not collect device information.\n"
    for cid in ("device_id", "advertising_id", "network_id"):
        assert _status(text, cid) == "denied", cid
    assert _status("We collect device information to fix crashes.\n", "device_id") == "vague"


def test_an_english_passive_denial_after_its_term():
    assert _status("Your location is never collected or stored.\n", "location_approximate") == "denied"
    # another mention of the denied data in the same sentence does not declare it
    text = "Android lists this under location, but location data is never collected.\n"
    assert _status(text, "location_precise") == "denied"
    # the passive form without a negation is a declaration
    assert _status("Your location is collected to show the weather.\n", "location_precise") == "declared"


def test_location_in_the_background():
    text = "The app collects your location even when the app is not in use, to log your trips.\n"
    assert _status(text, "location_background") == "declared"
    text = "Location is never collected in the background.\n"
    assert _status(text, "location_background") == "denied"
    # a background cue in another clause, or negated, is not background location
    text = "No background sync: we access your location only while you use the map.\n"
    assert _status(text, "location_background") is None


def test_a_denial_of_precise_location_beats_generic_location():
    text = ("The app does not gather precise information about the location of your device.\n\n"
            "The app collects your device's location to estimate your approximate geographical location.\n")
    assert _status(text, "location_precise") == "denied"
    assert _status(text, "location_approximate") == "declared"
    # a precise term on the declaring side keeps it declared
    text = ("The app does not gather precise information about the location of your device.\n\n"
            "The route tracker uses GPS while it runs.\n")
    assert _status(text, "location_precise") == "declared"
    # "location" alone declares both; the precise denial beats it, a fine-location permission does not
    text = "We do not collect your precise location.\n\nWe collect your location to show the local weather.\n"
    assert _status(text, "location_precise") == "denied"
    assert _status(text + "\nThe app requests android.permission.ACCESS_FINE_LOCATION.\n", "location_precise") == "declared"


def test_general_location_of_ad_sdks_is_approximate():
    text = "Our ad partner may collect general location data (country or region).\n"
    assert _status(text, "location_approximate") == "declared"
    assert _status(text, "location_precise") is None


def test_advertising_identifiers_are_not_vague_device_identifiers():
    text = "We use advertising identifiers and the `Play services ads identifier` to show ads.\n"
    assert _status(text, "advertising_id", "p.md") == "declared"
    assert _status(text, "device_id", "p.md") is None
    # identifiers of cell towers are not the device's
    text = "The app collects cell tower identifiers and signal strength.\n"
    assert _status(text, "device_id") is None
    assert _status("The app collects identifiers of your phone.\n", "device_id") == "vague"


def test_analytics_usage_statistics_are_not_usage_access():
    assert _status("We collect anonymous usage statistics to improve the app.\n", "usage_stats") is None
    assert _status("The app requests usage access to show your screen time.\n", "usage_stats") == "declared"


def test_english_weak_media_words_in_a_table_row_need_their_cue():
    rows = ("| Permission | Why |\n|---|---|\n"
            "| INTERNET | Loads web content (images, videos) |\n")
    assert _status(rows, "photos_videos", "p.md") is None
    rows = ("| Permission | Why |\n|---|---|\n"
            "| READ_MEDIA_VIDEO | Lets you select videos from your device |\n")
    assert _status(rows, "photos_videos", "p.md") == "declared"


def test_english_push_contacts_and_participles():
    assert _status("We use Firebase Cloud Messaging to send reminders.\n", "notifications") == "declared"
    assert _status("The app may sync with your device contacts.\n", "contacts") == "declared"
    assert _status("Photos are uploaded to our cloud storage when you back up.\n", "photos_videos") == "declared"
    assert _status("We do not send push notifications.\n", "notifications") != "declared"


def test_an_english_section_title_leads_the_list_under_it():
    text = "## Information We Collect\n\n- Precise GPS coordinates\n- Your phone number\n"
    assert _status(text, "location_precise", "p.md") == "declared"
    assert _status(text, "phone_number", "p.md") == "declared"
    text = "## Information We Don't Collect\n\n- Your contacts\n- Your precise location\n"
    assert _status(text, "contacts", "p.md") == "denied"
    assert _status(text, "location_precise", "p.md") == "denied"
    # a paragraph between the title and the list: the list is that paragraph's, not the title's
    text = ("## Data collected by the app\n\nThe app keeps these details of your charger:\n\n"
            "- SN: Serial number\n")
    assert _status(text, "device_id", "p.md") is None
    # a title without a verb leads nothing
    assert _status("## Location\n\n- Precise GPS coordinates\n", "location_precise", "p.md") is None


def test_items_of_an_english_permissions_section_name_permissions():
    text = "## Permissions\n\n- **Storage**: to save exported files\n- Camera - to scan receipts\n- Internet: to sync\n"
    assert _status(text, "storage", "p.md") == "declared"
    assert _status(text, "camera", "p.md") == "declared"
    # the same items in another section declare nothing by their label alone
    text = "## Settings\n\n- **Storage**: choose where backups go\n"
    assert _status(text, "storage", "p.md") is None


def test_a_data_table_row_answered_no_is_a_denial():
    table = ("| Data type | Collected | Purpose |\n|---|---|---|\n"
             "| Contacts | No | N/A |\n| Precise location | No | N/A |\n| Advertising ID | Yes | Ads |\n")
    assert _status(table, "contacts", "p.md") == "denied"
    assert _status(table, "location_precise", "p.md") == "denied"
    assert _status(table, "advertising_id", "p.md") == "declared"


def test_a_bare_contacts_is_the_address_book_next_to_an_access_cue():
    assert _status("If you allow it, the app accesses your contacts to find friends.\n", "contacts") == "declared"
    assert _status("We may share your data with our business contacts.\n", "contacts") is None
    assert _status("Please send us your contact information.\n", "contacts") is None


def test_data_an_app_store_collects_is_not_the_apps():
    text = "Your device ID may be collected by the mobile app store, but we cannot influence that.\n"
    assert _status(text, "device_id") is None
    assert _status("Your device ID may be collected by the app.\n", "device_id") == "declared"


def test_generator_template_log_data_and_cookie_sentences():
    text = ("This Log Data may include information such as your device Internet Protocol (“IP”) address, "
            "device name, operating system version.\n\nCookies are files with a small amount of data that "
            "are commonly used as anonymous unique identifiers.\n")
    assert _status(text, "network_id") == "declared"
    assert _status(text, "device_id") is None  # the cookie definition names no device identifier


def test_a_permission_constant_declares_what_its_words_name():
    # READ_PHONE_STATE reads "phone state": the phone permission (GUIDE.md), not an identifier
    text = "The app uses `android.permission.READ_PHONE_STATE` to pause playback during calls.\n"
    assert _status(text, "phone_calls", "p.md") == "declared"
    assert _status(text, "device_id", "p.md") is None
    assert _status("ACCESS_FINE_LOCATION: to show the map.\n", "location_precise") == "declared"


def test_data_never_shared_is_not_denied():
    text = "The app reads your contacts to find friends; your contacts are never shared with anyone.\n"
    assert _status(text, "contacts") == "declared"
    assert _status("Your contacts are never shared with anyone.\n", "contacts") != "denied"


def test_permission_table_rows_that_repeat_header_words_are_rows_not_headers():
    # each row's cells say "权限" and "使用目的" again, as many real tables do; they are data rows
    table = ("| 权限名称 | 使用目的 |\n|---|---|\n"
             "| 相机权限 | 使用目的:扫描商品条码 |\n| 位置权限 | 使用目的:推荐附近门店 |\n")
    perms = {p.category: p.purpose for p in read_policy(table.encode(), "p.md").permissions}
    assert "扫描商品条码" in (perms.get("camera") or "")
    assert "推荐附近门店" in (perms.get("location_precise") or perms.get("location_approximate") or "")
    # a long table with no permission header in its first rows is not read as one
    rows = "".join(f"| 第{i}行 | 内容 |\n" for i in range(5))
    late = "| 名称 | 说明 |\n|---|---|\n" + rows + "| 权限名称 | 使用目的 |\n| 相机权限 | 拍照 |\n"
    assert not [p for p in read_policy(late.encode(), "p.md").permissions if p.category == "camera"]


def test_a_long_sdk_table_naming_one_sdk_keeps_its_first_quotes_and_every_rows_data():
    from auditor.policy.extract import MAX_EVIDENCE

    rows = [f"| 极光推送SDK | 推送消息{i} | 设备标识符 |" for i in range(20)]
    rows[-1] = "| 极光推送SDK | 推送消息19 | 通讯录 |"  # only the last row, past the quote cap, names contacts
    table = "| SDK名称 | 使用目的 | 收集个人信息类型 |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    res = read_policy(table.encode(), "t.md")
    jpush = [c for c in res.sdks if "极光" in c.name]
    assert len(jpush) == 1
    claim = jpush[0]
    assert len(claim.evidence) == MAX_EVIDENCE
    assert all(f"推送消息{i} " in e.quote for i, e in enumerate(claim.evidence))  # rows 0-7, in order
    assert "contacts" in claim.categories and "device_id" in claim.categories


def test_english_verbs_of_needing_picking_showing_and_processing_declare():
    # issue 12 (en2): an app "needs", "asks for", is "granted", "shows", "adds", "processes"
    # what it uses, and the user "picks" or "attaches" what the app reads
    assert _status("Access to the camera is needed to read barcodes.\n", "camera") == "declared"
    assert _status("The tool asks for the microphone so you can dictate notes.\n", "microphone") == "declared"
    assert _status("Once granted, the location permission lets the map follow you.\n",
                   "location_precise") == "declared"
    assert _status("You can attach a picture from your photo library to a note.\n", "photos_videos") == "declared"
    assert _status("Reminders are added to your calendar.\n", "calendar") == "declared"
    assert _status("Accelerometer readings are processed on the phone only.\n", "sensors") == "declared"
    # a negated need is no declaration, and a term with none of these verbs stays undeclared
    assert _status("The tool does not need your location.\n", "location_precise") is None
    assert _status("Our office location: 1 Main Street.\n", "location_precise") is None
    # storing is not among them: a connected gadget's serial number kept by the app is not the phone's
    assert _status("For each meter you pair, its serial number is stored in the app.\n", "device_id") is None


def test_bare_items_of_an_english_permission_list_name_permissions():
    # issue 12 (en2): items without a separator, under a sentence that leads a list of
    # permissions, or under a "Permissions" title; Android's own labels resolve too
    text = ("The tool needs the following permissions:\n\n- Storage\n- Phone\n"
            "- Read the contents of your shared storage\n- Approximate location\n- Internet\n")
    assert _status(text, "storage", "p.md") == "declared"
    assert _status(text, "phone_calls", "p.md") == "declared"  # READ_PHONE_STATE (GUIDE: the phone permission)
    assert _status(text, "location_approximate", "p.md") == "declared"
    assert _status(text, "location_precise", "p.md") is None  # approximate only
    text = "## Permissions\n\n* Access to your contacts to find duplicates\n* Music and audio\n"
    assert _status(text, "contacts", "p.md") == "declared"
    assert _status(text, "audio_files", "p.md") == "declared"
    # the same items led by a sentence that is not about permissions, or that denies them
    assert _status("Things you can back up:\n\n- Storage\n- Phone\n", "storage", "p.md") is None
    assert _status("The tool does not use these permissions:\n\n- Storage\n", "storage", "p.md") is None
    # an item whose name comes after its purpose names no permission
    assert _status("## Permissions\n\n- Internet, to look up phone prefixes\n", "device_id", "p.md") is None


def test_an_english_permission_table_needs_no_purpose_column_and_reads_constants_by_their_words():
    # issue 12 (en2): "| Permission | Why |" and "| Permission | Requested |" are permission tables
    table = "| Permission | Why |\n|---|---|\n| Storage | keep backups |\n| Phone | pause on calls |\n"
    assert _status(table, "storage", "p.md") == "declared"
    perms = {p.category: p.purpose for p in read_policy(table.encode(), "p.md").permissions}
    assert perms.get("storage") == "keep backups"
    table = "| Permission | Requested |\n|---|---|\n| Storage | No |\n| Camera | Yes |\n"
    assert _status(table, "camera", "p.md") == "declared"
    assert _status(table, "storage", "p.md") == "denied"  # answered No
    # a quoted constant in a cell reads by its words: READ_PHONE_STATE is phone state
    table = "| Permission | Reason |\n|---|---|\n| `android.permission.READ_PHONE_STATE` | pause on calls |\n"
    assert _status(table, "phone_calls", "p.md") == "declared"
    assert _status(table, "device_id", "p.md") is None
    # a table whose first column is not a permission header is not a permission table
    table = "| Item | Requested |\n|---|---|\n| Storage | Yes |\n"
    assert _status(table, "storage", "p.md") is None


def test_sub_titles_of_a_permissions_section_that_name_permissions_declare_them():
    # issue 12 (en2): "### Permissions" then "**Camera, Microphone**" / "#### Storage ####"
    text = ("## Permission rationale\n\n**Camera, Microphone**\n- to film clips\n\n"
            "#### Storage ####\nTo keep the clips.\n\n#### Location ####\nTo tag clips.\n")
    for cid in ("camera", "microphone", "storage", "location_precise"):
        assert _status(text, cid, "p.md") == "declared", cid
    # closing hashes are not part of the title, nor does such a heading become a table row
    from auditor.policy.text import read_document
    doc = read_document(b"## Privacy ##\n\n### Optionally Enabled Permissions ###\n\nText.\n", "p.md")
    assert [h.title for h in doc.headings] == ["Privacy", "Optionally Enabled Permissions"]
    assert not [b for b in doc.blocks if b.kind == "row"]
    # sub-titles elsewhere, or titles that are more than permission names, declare nothing
    assert _status("## Features\n\n#### Storage\nNotes sync.\n", "storage", "p.md") is None
    assert _status("## Permissions\n\n#### Storage of your notes\nOn our server.\n", "storage", "p.md") is None


def test_english_questions_and_no_access_and_no_x_items():
    # issue 12 (en2): a question states nothing; "has no access to" denies; "No X" denies X
    text = "Can the app read my IMEI?\n\nThe app has no access to your IMEI.\n"
    assert _status(text, "device_id") == "denied"
    items = "The following is never recorded:\n\n- No location data\n- No contacts\n- No IP address\n"
    assert _status(items, "location_precise", "p.md") == "denied"
    assert _status(items, "network_id", "p.md") == "denied"
    # ... but "No" leading a sentence with an exception is not a denial of what follows it
    assert _status("No data is collected except your location for the map.\n", "location_precise") != "denied"
    assert _status("The app reads your IMEI.\n", "device_id") == "declared"


def test_a_sign_in_providers_profile_photo_is_not_the_album():
    # GUIDE traps: the profile picture of a sign-in account is that service's (English batch 27's vouchify)
    assert _status("- your Facebook profile photo;\n", "photos_videos", "p.md") is None
    assert _status("We collect your Google profile picture and email.\n", "photos_videos") is None
    # ... and one "provided by your auth provider" (English batch 33's brightside)
    assert _status("Account Information:\n- Email address\n- Profile photo (if provided by your auth provider)\n",
                   "photos_videos", "p.md") is None
    assert _status("We collect your profile photo (if you upload one).\n", "photos_videos") == "declared"
    # the user's own profile picture is a photo the app receives from the device
    assert _status("We collect your profile picture.\n", "photos_videos") == "declared"
    assert _status("You can add a profile photo from Google Photos.\n", "photos_videos") == "declared"


def test_a_location_estimated_from_the_ip_address_is_the_ip_address():
    # GUIDE: a location derived from the IP address is network_id, not location
    text = "We log your IP address, which may be used to estimate your general location.\n"
    assert _status(text, "network_id") == "declared"
    assert _status(text, "location_approximate") is None
    text = "The city is determined from your location based on your IP address.\n"
    assert _status(text, "location_precise") is None
    assert _status("We collect your location and your IP address.\n", "location_precise") == "declared"
    # the IP address by its full name, as legal templates write it (English batch 27's paypanda)
    spelled = "We may record your location (based on your Internet Protocol (\u201cIP\u201d) address).\n"
    assert _status(spelled, "location_precise") is None and _status(spelled, "location_approximate") is None
    assert _status("Your Internet Protocol address is used to estimate your general location.\n",
                   "location_approximate") is None
    assert _status("We collect your location and your Internet Protocol address.\n", "location_precise") == "declared"
    # GPS beside the IP address is a location reading of its own
    assert _status("We use your IP address and GPS to determine your location.\n", "location_precise") == "declared"
    # the IP address kept "for geolocation" (English batch 32's einburgerungstest) is the IP address too
    for ip_geo in ("Processed data:\n- IP address (anonymized for geolocation)\n- Ad interactions\n",
                   "We use your IP address for geolocation.\n"):
        assert _status(ip_geo, "network_id", "p.md") == "declared"
        assert _status(ip_geo, "location_precise", "p.md") is None and _status(ip_geo, "location_approximate", "p.md") is None
    assert _status("We collect your IP address and GPS geolocation.\n", "location_precise") == "declared"
    # "approximate" as an adjective lists a location beside the IP address; as a verb it derives one from it
    listed = "AdMob collects your IP address and approximate location (country / region).\n"
    assert _status(listed, "location_approximate") == "declared" and _status(listed, "network_id") == "declared"
    assert _status("Your IP address is used to approximate your location.\n", "location_approximate") is None
    # a place the data goes to is not where the user is
    assert _status("The app never uploads data to a central location.\n", "location_precise") is None
    assert _status("## 16.2 Data Processing Location\n\nWe process data in the EU.\n", "location_precise", "p.md") is None
    assert _status("### Location of processing\n\nData is processed in the EU.\n", "location_precise", "p.md") is None
    assert _status("As the developer, I access this data from my location in Switzerland.\n", "location_precise") is None
    assert _status("We process your location data to show nearby stops.\n", "location_precise") == "declared"
    assert _status("The tool shows the location of the file you exported.\n", "location_precise") is None


def test_a_sentence_continuing_an_english_definition_by_pronoun_is_part_of_it():
    text = ("Non-personalized ads are ads that are not based on past behaviour. "
            "They are targeted using contextual information such as the current location.\n")
    assert _status(text, "location_precise") is None
    text = "We show ads. They are chosen using your location.\n"
    assert _status(text, "location_precise") == "declared"
    text = "Personal data means any information relating to you. This app uses your location for the weather.\n"
    assert _status(text, "location_precise") == "declared"


def test_sub_titles_right_under_a_collecting_title_inherit_its_lead():
    # issue 12 (en2): "## Information We Collect" / "### Device Information" / "- Unique device identifier"
    text = ("## Information We Collect\n\n### Account\n- E-mail address\n\n### Device Information\n"
            "- Unique device identifier\n\n## Data Sharing\n\nWe share nothing.\n\n### Location\n- GPS position\n")
    assert _status(text, "device_id", "p.md") == "declared"
    assert _status(text, "location_precise", "p.md") is None  # led by "Data Sharing", which has no verb
    # a paragraph between ends it: the next sub-title's items are not led by the old title
    text = ("## Information We Collect\n\nWe keep little.\n\n### Device\n- Unique device identifier\n")
    assert _status(text, "device_id", "p.md") is None


def test_an_english_calendar_is_the_devices_only_with_a_cue():
    # GUIDE (c): calendar events users create in the app are not the device calendar
    assert _status("## Content You Create\n\n- Notes\n- Calendar events\n", "calendar", "p.md") is None
    assert _status("The app adds reminders to your calendar.\n", "calendar") == "declared"
    assert _status("We use the calendar permission to show your agenda.\n", "calendar") == "declared"
    assert _status("We collect the schedule of the sessions you book.\n", "calendar") is None


def test_a_bare_english_storage_is_the_devices_next_to_an_access_cue():
    # issue 12 (en2): "storage" needs a cue; the English cue window is wider (longer words)
    assert _status("Storage/media access lets you pick a backup file.\n", "storage") == "declared"
    assert _status("The tool needs read and write access to your storage to export notes.\n", "storage") == "declared"
    assert _status("The app shows the free space on your storage devices.\n", "storage") == "declared"
    # where a service keeps data is not device storage
    assert _status("We use cloud storage to keep your data safe.\n", "storage") is None
    assert _status("Your data is kept in encrypted storage on our servers.\n", "storage") is None
    assert _status("We use encryption for the storage of your account data.\n", "storage") is None


def test_conditional_english_denials_and_generic_location_sub_titles():
    # GUIDE (o): "not collected by default" is conditional, neither a denial nor a declaration
    assert _status("Location is not collected by default.\n", "location_precise") is None
    assert _status("Your contacts are not read without your permission.\n", "contacts") is None
    assert _status("Location is never collected.\n", "location_precise") == "denied"
    # GUIDE (l): a generic "Location" permission title is both precise and approximate
    text = "## Permissions\n\n#### Location\nTo tag clips.\n\n#### Precise location\nTo draw tracks.\n"
    assert _status(text, "location_approximate", "p.md") == "declared"
    text = "## Permissions\n\n#### Precise location\nTo draw tracks.\n"
    assert _status(text, "location_approximate", "p.md") is None


def test_a_folder_on_the_device_is_storage_and_a_constant_in_a_url_is_a_link():
    assert _status("Backups can be exported to a folder on your device.\n", "storage") == "declared"
    assert _status("You can export the logs to the Downloads folder.\n", "storage") == "declared"
    # a permission constant that is a URL's fragment is a link to documentation, not a request
    text = "See the docs (https://developer.android.com/reference/Manifest.permission#READ_CALENDAR).\n"
    assert _status(text, "calendar") is None
    assert _status("The app requests READ_CALENDAR to show events.\n", "calendar") == "declared"


def test_an_inline_english_permission_list_after_a_colon_names_permissions():
    text = "The tool requires these permissions: camera, storage and location.\n"
    assert _status(text, "storage") == "declared"
    assert _status(text, "location_approximate") == "declared"
    assert _status("Requires access to: Camera, Microphone, Contacts.\n", "contacts") == "declared"
    assert _status("Permissions: Camera (scan codes), Storage (keep scans)\n", "storage") == "declared"
    assert _status("The tool does not need these permissions: storage, contacts.\n", "storage") is None
    # a colon list of things that are not permission names declares nothing by itself
    assert _status("Access to: settings, help and storage tips.\n", "storage") is None


def test_english_phrasings_of_phone_state_position_images_and_sms_sent_by_the_app():
    assert _status("The Phone permission lets the tool know when a call starts.\n", "phone_calls") == "declared"
    assert _status("Your current position is used to find nearby stops.\n", "location_approximate") == "declared"
    assert _status("The tool obtains your coordinates to show the weather.\n", "location_precise") == "declared"
    assert _status("The tool obtains your coordinates to show the weather.\n", "location_approximate") is None
    assert _status("The tool can read images from your device.\n", "photos_videos") == "declared"
    assert _status("We show images of products in the catalogue.\n", "photos_videos") is None
    # the app sending SMS itself (GUIDE: sms), unlike the service texting the user
    assert _status("The tool can send text messages on your behalf.\n", "sms") == "declared"
    assert _status("We may send you a text message with a code.\n", "sms") is None


def test_a_no_lead_denies_up_to_a_clause_that_turns():
    text = "No account is needed, and the tool only uses your location on the phone.\n"
    assert _status(text, "location_precise") == "declared"
    assert _status("No location data, no contacts and no photos are collected.\n", "location_precise") == "denied"


def test_english_denial_verbs_take_their_inflections_and_shown_notifications_count():
    assert _status("The tool never reads your SMS messages.\n", "sms") == "denied"
    assert _status("The tool never accesses your contacts.\n", "contacts") == "denied"
    assert _status("The tool shows a notification while it tracks your run.\n", "notifications") == "declared"
    assert _status("We may send you a notification when an update is out.\n", "notifications") is None
    # GUIDE (n): data "never stored" is how it is kept, not a denial that it is read
    assert _status("Your photos are never stored on our servers.\n", "photos_videos") != "denied"


def test_a_padded_markdown_bullet_is_an_item_and_songs_need_a_cue():
    from auditor.policy.text import read_document
    doc = read_document("## Data\n\n*   **Use:** We read your notes.\n*   **Sharing:** None.\n".encode(), "p.md")
    assert [b.kind for b in doc.blocks] == ["heading", "item", "item"]
    assert _status("To identify songs, we use an external recognition service.\n", "audio_files") is None
    assert _status("The player reads the songs on your device.\n", "audio_files") == "declared"


def test_english_recordings_uploaded_media_single_photos_and_taking_pictures():
    assert _status("Voice memos you record stay on the phone and are used for reminders.\n", "microphone") == "declared"
    text = "## Information We Collect\n\n### Content\n- Uploaded media (optional)\n"
    assert _status(text, "photos_videos", "p.md") == "declared"
    assert _status("You can upload a photo from your phone to your profile.\n", "photos_videos") == "declared"
    assert _status("We use a photo of our team on the website.\n", "photos_videos") is None
    assert _status("The tool takes a picture of the receipt you scan.\n", "camera") == "declared"


def test_english_phone_features_sensors_steps_wifi_names_and_action_terms():
    # GUIDE (h): a phone feature needs the phone permissions; terms that are actions need no verb
    assert _status("The dialer places calls through your SIM.\n", "phone_calls") == "declared"
    assert _status("The tool identifies incoming calls and blocks spam.\n", "phone_calls") == "declared"
    assert _status("The tool records audio while the timer runs.\n", "microphone") == "declared"
    assert _status("The band measures your SpO2.\n", "sensors") == "declared"
    assert _status("The tool counts the number of steps you take.\n", "activity_recognition") == "declared"
    assert _status("The widget shows the name of the Wi-Fi network you use.\n", "network_id") == "declared"
    assert _status("The tool reads the list of recent calls.\n", "call_log") == "declared"
    # negated, they declare nothing
    assert _status("The tool never places calls.\n", "phone_calls") is None
    assert _status("You can call our support line for help.\n", "phone_calls") is None
    assert _status("For incoming calls to our hotline, we record the conversation.\n", "phone_calls") is None


def test_a_photo_listed_among_what_the_user_provides_is_from_the_device():
    text = "You may provide other details, such as a profile photo and a short bio.\n"
    assert _status(text, "photos_videos") == "declared"
    text = "We may ask you to provide information, including your name, e-mail and pictures.\n"
    assert _status(text, "photos_videos") == "declared"
    assert _status("We provide pictures of the products we sell.\n", "photos_videos") is None


def test_a_definition_list_under_a_permissions_title_names_permissions():
    html = ("<h2>Permissions</h2><dl><dt>Storage</dt><dd>Keeps exported files.</dd>"
            "<dt>Phone</dt><dd>Pauses playback.</dd></dl><h2>About</h2><p>Storage</p>")
    assert _status(html, "storage", "p.html") == "declared"
    assert _status(html, "phone_calls", "p.html") == "declared"
    assert _status("<h2>About</h2><p>Storage</p><p>Tips for saving space.</p>", "storage", "p.html") is None


def test_an_english_umbrella_with_a_closed_list_covers_only_the_list():
    # GUIDE: "device information (model, OS version)" covers the list; an open list stays vague
    assert _status("We collect device information: device type, operating system version.\n", "device_id") is None
    assert _status("We collect device information (model, OS version).\n", "advertising_id") is None
    assert _status("We collect device information: model, Android ID.\n", "advertising_id") is None
    assert _status("We collect device information (such as model and OS version).\n", "device_id") == "vague"
    assert _status("We collect device information: model, OS version, etc.\n", "device_id") == "vague"
    assert _status("We collect device information: this helps us fix bugs.\n", "device_id") == "vague"
    # the generator template's fill-ins: what the user is asked to provide
    text = ("We may require you to provide us with certain personally identifiable information, "
            "including but not limited to Name, Contacts, Storage.\n")
    assert _status(text, "contacts") == "declared"
    assert _status(text, "storage") == "declared"


def test_a_wh_question_presupposes_what_it_asks_about():
    text = "## FAQ\n\n### Why does the tool need the location permission?\n\nAndroid requires it for Bluetooth scans.\n"
    assert _status(text, "location_approximate", "p.md") == "declared"
    assert _status("## FAQ\n\n### Does the tool read my contacts?\n\nNo.\n", "contacts", "p.md") is None


def test_an_english_denial_ends_at_a_clause_with_its_own_subject():
    assert _status("We do not collect personal data and the tool only reads your contacts locally.\n",
                   "contacts") == "declared"
    assert _status("We do not collect analytics, although the tool reads your calendar.\n", "calendar") == "declared"
    # a second denial after such a clause still denies
    assert _status("We do not collect analytics and we never access your contacts.\n", "contacts") == "denied"
    assert _status("We do not collect your contacts or your location.\n", "location_precise") == "denied"
    assert _status("Your contacts will never be uploaded, they are only read on the phone.\n", "contacts") == "declared"
    # GUIDE (n): not storing is how data is kept, not a denial that the app reads it
    assert _status("The tool does not store your recordings after the microphone stops.\n", "microphone") != "denied"


def test_a_title_naming_a_permission_and_a_quoted_permission_name():
    assert _status("## Storage access\n\nNeeded to export backups.\n", "storage", "p.md") == "declared"
    assert _status("## Access to contacts\n\nTo find duplicates.\n", "contacts", "p.md") == "declared"
    # a bare "Location" title outside a permissions section is a topic, not a permission
    assert _status("## Location\n\nYour data is kept in Germany.\n", "location_precise", "p.md") is None
    assert _status("We need the \u201cPhone\u201d permission to pause on calls.\n", "phone_calls") == "declared"
    assert _status("The tool asks for the permission 'Storage' to save files.\n", "storage") == "declared"
    assert _status('The tool does not need the "Contacts" permission.\n', "contacts") is None


def test_a_bold_html_paragraph_is_a_title_and_labelled_paragraphs_of_a_permissions_section():
    html = ("<p><strong>Permissions</strong></p><p><b>Camera</b><br>Used to read codes.</p>"
            "<p><b>Contacts</b>: to find friends.</p>")
    from auditor.policy.text import read_document
    assert [h.title for h in read_document(html.encode(), "p.html").headings] == ["Permissions"]
    assert _status(html, "camera", "p.html") == "declared"
    assert _status(html, "contacts", "p.html") == "declared"
    # a bold phrase inside a sentence, or a bold sentence, is not a title
    doc = read_document(b"<p>We <b>never</b> sell data.</p><p><b>We never sell data.</b></p>", "p.html")
    assert not doc.headings


def test_what_precedes_a_conditional_english_negation_still_reads():
    text = "Although the tool has the microphone permission, audio is never recorded unless you tap record.\n"
    assert _status(text, "microphone") == "declared"
    assert _status("Without your consent, your contacts will never be read.\n", "contacts") is None
    assert _status("We will not read your contacts unless you allow it.\n", "contacts") is None


def test_english_word_orders_of_the_device_identifier():
    assert _status("We collect a unique identifier of your device.\n", "device_id") == "declared"
    assert _status("The tool reads your mobile device unique ID.\n", "device_id") == "declared"
    assert _status("We use a hardware ID to detect abuse.\n", "device_id") == "declared"
    assert _status("We use a random identifier for your account.\n", "device_id") != "declared"


def test_inline_and_titled_permission_names_before_their_purpose():
    assert _status("Permissions: Storage - to save files; Phone - to pause on calls.\n", "phone_calls") == "declared"
    assert _status("Permissions used: Storage (to save files), Phone (to detect calls)\n", "phone_calls") == "declared"
    text = "## Permissions we request\n\n1. Storage - export\n2. Phone - calls\n"
    assert _status(text, "storage", "p.md") == "declared"
    assert _status("Permissions used: none, the tool works offline.\n", "storage") is None


def test_more_english_names_of_camera_microphone_and_location_features():
    assert _status("The tool uses a barcode scanner to add products.\n", "camera") == "declared"
    assert _status("Dictation uses Android's speech service.\n", "microphone") == "declared"
    assert _status("We use latitude and longitude to show the map.\n", "location_precise") == "declared"
    assert _status("We use your location history to draw the map.\n", "location_approximate") == "declared"


def test_english_call_features_need_camera_and_microphone():
    # GUIDE (h): a video call needs the camera and the microphone, a voice call the microphone
    text = "You can use the video calls feature to talk to family.\n"
    assert _status(text, "camera") == "declared" and _status(text, "microphone") == "declared"
    assert _status("Voice calls are sent through our server.\n", "microphone") == "declared"
    assert _status("Voice calls are sent through our server.\n", "camera") is None


def test_a_bare_english_recording_needs_a_sound_cue_and_heart_rate_spellings():
    table = "| Permission | Why |\n|---|---|\n| POST_NOTIFICATIONS | show the recording notification |\n"
    assert _status(table, "microphone", "p.md") is None
    assert _status("We use recording of hikes to draw your route.\n", "microphone") is None
    assert _status("We use recording of your voice for notes.\n", "microphone") == "declared"
    assert _status("The tool reads a heart-rate strap over Bluetooth.\n", "sensors") == "declared"


def test_a_numbered_permission_title_reads_up_to_its_purpose_clause():
    text = "## Permissions\n\nThe tool may request:\n\n4. Notifications, to alert you of new messages\n"
    assert _status(text, "notifications", "p.md") == "declared"
    text = "## Features\n\n4. Notifications, to alert you of new messages\n"
    assert _status(text, "notifications", "p.md") is None  # a feature title outside a permissions section


def test_a_denial_of_either_of_these_denies_what_the_sentence_before_named():
    text = ("Android adds the permissions to read the call log and the calendar. "
            "The tool does *not* use either of these.\n")
    assert _status(text, "call_log") == "denied"
    text = "The tool reads your calendar. It shows reminders from it.\n"
    assert _status(text, "calendar") == "declared"


def test_contacts_the_user_picks_from_are_the_address_book():
    assert _status("You can pick recipients from your contacts.\n", "contacts") == "declared"
    assert _status("We may share your data with our business contacts.\n", "contacts") is None


def test_sms_the_app_backs_up_or_exports_and_recorder_features():
    assert _status("The tool backs up your SMS messages to a file.\n", "sms") == "declared"
    assert _status("You can export your text messages as XML.\n", "sms") == "declared"
    assert _status("We send you an SMS with a code.\n", "sms") is None
    assert _status("The call recorder uses Android's recording API.\n", "microphone") == "declared"


def test_a_location_qualified_as_approximate_is_not_precise():
    # GUIDE (l): approximate location only
    text = "The ad SDK collects the IP address and location (approximate).\n"
    assert _status(text, "location_approximate") == "declared"
    assert _status(text, "location_precise") is None
    assert _status("The ad SDK collects your location.\n", "location_precise") == "declared"


def test_an_app_looking_a_caller_up_in_the_addressbook_reads_contacts():
    # "addressbook" is the one-word spelling of "address book"; looking a name up there reads it
    assert _status("When a call arrives, the app looks up the caller's name in your addressbook.",
                   "contacts") == "declared"
    assert _status("We do not read your addressbook.", "contacts") == "denied"
    # looking something up elsewhere names no address book
    assert _status("You can look up our office hours on the website.", "contacts") is None


def test_an_apps_private_storage_is_not_the_shared_storage():
    assert _status("Your settings are kept in the app's private storage on the phone.", "storage") is None
    assert _status("The app writes exported reports to external storage.", "storage") == "declared"


def test_the_system_alert_window_permission_is_the_overlay():
    perms = "## Permissions\n\nSystem Alert Window: lets the app draw a caller card over the dialer.\n"
    assert _status(perms, "overlay", "p.md") == "declared"
    assert _status("## About\n\nThe app shows a small alert in its own window.\n", "overlay", "p.md") is None


def test_nothing_collected_denies_what_follows():
    assert _status("Nothing is collected from your contacts.", "contacts") == "denied"
    assert _status("Nothing is sold, but we read your contacts to find friends.", "contacts") == "declared"


def test_text_message_content_is_reading_sms():
    # the text of a message is the app reading SMS (as "短信内容")
    assert _status("We use the content of each text message to sort your threads.", "sms") == "declared"
    # ("contains" is no collection verb: "cookies contain identifiers" collects nothing)
    assert _status("Cookies typically contain identifiers and numbers.", "device_id") is None
    # a text message the service sends the user stays outbound, content or not
    assert _status("We send you a text message with the content of your order.", "sms") is None
    assert _status("This page contains our contact details and office hours.", "contacts") is None


def test_a_barcode_or_qr_code_is_the_camera_only_where_the_app_reads_one():
    assert _status("A small scanner tool that can read barcodes and QR codes for you.", "camera") == "declared"
    assert _status("The app reads QR codes to pair with your printer.", "camera") == "declared"
    # a code the app shows, or one the user scans with another device, is not this app's camera
    assert _status("Your profile page shows a QR code that friends can use.", "camera") is None
    assert _status("Scan the QR code in our store to get a coupon.", "camera") is None


def test_a_notification_access_row_is_the_listener_not_posting_notifications():
    head = "| Permission | Why | Required |\n| --- | --- | --- |\n"
    row = head + "| Notification access | Muting chats while you drive | Optional |\n"
    assert _status(row, "notification_listener", "p.md") == "declared"
    assert _status(row, "notifications", "p.md") is None
    plain = head + "| Notifications | Reminders before a deadline | Optional |\n"
    assert _status(plain, "notifications", "p.md") == "declared"
    assert _status(plain, "notification_listener", "p.md") is None


def test_the_store_label_device_or_other_ids_names_device_identifiers():
    table = "| Data type | Purpose |\n| --- | --- |\n| Device or other IDs | Crash reports |\n"
    assert _status(table, "device_id", "p.md") == "declared"
    assert _status("We use device and other identifiers to stop fraud.", "device_id") == "declared"
    # a device named with other things (not identifiers) is no identifier
    assert _status("We use device and other settings to adjust the layout.", "device_id") is None


def test_installed_packages_and_what_identifies_apps_are_the_app_list():
    assert _status("The theme picker needs to list the packages installed on your phone.", "installed_apps") == "declared"
    assert _status("For sync rules we read the IDs of apps on your device.", "installed_apps") == "declared"
    assert _status("We do not collect the names of apps you open.", "installed_apps") == "denied"
    # other apps named as what the app draws over, or tracking across apps, are no app list
    assert _status("The bubble can appear over other apps on your device.", "installed_apps") is None
    assert _status("We never follow you across apps on your device.", "installed_apps") is None


def test_a_sentence_that_ends_with_contains_colon_leads_its_list():
    # "contains" leads the items of a list (what a report the app sends holds) ...
    lead = "## Trip reports\n\nEach trip report contains:\n\n- your GPS coordinates\n- the start time\n"
    assert _status(lead, "location_precise", "p.md") == "declared"
    # ... but collects nothing in running text, nor with no list to lead
    assert _status("Each trip report contains GPS coordinates of the finish line.", "location_precise") is None
    bare = "## Trip reports\n\nExamples of data types:\n\n- GPS coordinates\n"
    assert _status(bare, "location_precise", "p.md") is None


def test_the_number_of_a_caller_or_a_contact_is_not_the_users_phone_number():
    assert _status("The widget shows the caller's name and the phone number on the lock screen.", "phone_number") is None
    assert _status("We search the address book for a name that matches the phone number.", "phone_number") is None
    # the user's own number, also next to a caller or an address book
    assert _status("We ask for your phone number when you create an account.", "phone_number") == "declared"
    assert _status("Callers see your phone number when the app places a call.", "phone_number") == "declared"


def test_a_push_sdk_the_policy_names_declares_notifications():
    assert _status("We use OneSignal to deliver messages about new releases.", "notifications") == "declared"
    listed = "## Third-party services\n\nThe app uses these services:\n\n- One Signal\n- AdMob\n"
    assert _status(listed, "notifications", "p.md") == "declared"
    assert _status("We do not use OneSignal or any other push service.", "notifications") is None
    assert _status("The app uses AdMob to show ads.", "notifications") is None
    # a cipher mode is not Google Cloud Messaging
    r = read_policy(b"Backups are encrypted with AES-256-GCM before upload.", "p.txt")
    assert not r.sdks and "notifications" not in r.categories


def test_a_lead_or_a_title_that_denies_denies_the_items_under_it():
    lead = "## Access\n\nThe widget does not request:\n\n- Camera access\n- Your contacts\n"
    assert _status(lead, "camera", "p.md") == "denied"
    assert _status(lead, "contacts", "p.md") == "denied"
    title = "## Permissions not needed\n\n- Camera\n- Microphone\n"
    assert _status(title, "camera", "p.md") == "denied"
    assert _status(title, "microphone", "p.md") == "denied"
    # a lead whose denial ends before its colon leads declarations
    turn = "## Access\n\nWe do not sell data, but the widget requests:\n\n- Camera access\n"
    assert _status(turn, "camera", "p.md") == "declared"
    assert _status("## Permissions\n\n- Camera\n- Microphone\n", "camera", "p.md") == "declared"


def test_a_location_that_does_not_matter_and_local_storage_alone():
    assert _status("The timer works offline, regardless of your location.", "location_precise") is None
    assert _status("The timer uses your location to show sunrise times.", "location_precise") == "declared"
    # "local storage" alone is the app's own; with an access cue it is the shared storage
    assert _status("- Local Storage: the app keeps its settings on the phone\n", "storage", "p.md") is None
    assert _status("The app can read local storage to import backups.", "storage") == "declared"


def test_application_identifiers_are_not_device_identifiers():
    assert _status("We collect application identifiers from the card.", "device_id") is None
    assert _status("We collect identifiers from your phone.", "device_id") == "vague"
    # in capitals too: the exclusions' substring gate ignores case as their pattern does
    assert _status("WE COLLECT APPLICATION IDENTIFIERS FROM THE CARD.", "device_id") is None
    assert _status("WE COLLECT IDENTIFIERS FROM YOUR PHONE.", "device_id") == "vague"


def test_a_no_under_a_shared_or_required_column_denies_nothing():
    shared = "| Permission | Purpose | Shared? |\n|---|---|---|\n| Microphone | Recording your practice | No |\n"
    assert _status(shared, "microphone", "p.md") == "declared"
    required = "| Data | Why | Required |\n|---|---|---|\n| Camera | Scanning labels | No |\n"
    assert _status(required, "camera", "p.md") == "declared"
    # a No under a column about collection still denies the row
    collected = "| Data | Collected |\n|---|---|\n| Microphone | No |\n"
    assert _status(collected, "microphone", "p.md") == "denied"


def test_music_albums_other_apps_and_a_cue_cut_by_the_window():
    assert _status("We read the artist, album and title tags of each song.", "photos_videos") is None
    assert _status("You can pick an album from your device to use as a background.", "photos_videos") == "declared"
    assert _status("Other media apps, such as Google Voice Assistant, can use the playlist.", "microphone") is None
    assert _status("Your playlist is visible to system-installed apps on the car display.", "installed_apps") is None
    # "accessible" is not "access", even where the cue window ends inside it
    assert _status("Photo art is currently accessible to the players we use.", "photos_videos") is None


def test_what_something_contains_with_only_a_list_opener_is_not_collected():
    assert _status("Your phone's cloud backup contains private data, including messages and call history.",
                   "call_log") is None
    assert _status("The app reads your call history, including missed calls.", "call_log") == "declared"
    assert _status("The app contains a recorder and reads your call history.", "call_log") == "declared"


def test_a_negated_english_umbrella_is_not_vague():
    assert _status("Each crash report does not include identifiers of any kind.", "device_id") is None
    assert _status("Each crash report we collect carries identifiers of the phone.", "device_id") == "vague"


def test_a_calendar_reached_through_a_web_api_is_not_the_device_calendar():
    web = "The planner reads your calendar events through the Google Calendar API after you sign in."
    assert _status(web, "calendar") is None
    assert _status("The planner reads your calendar events to show reminders.", "calendar") == "declared"
    both = web + " It also needs the calendar permission to add events to your phone."
    assert _status(both, "calendar") == "declared"


def test_english_no_items_with_cross_marks_handling_verbs_and_background():
    assert _status("- \u274c No location tracking\n", "location_precise", "p.md") == "denied"
    # "No X is shared": how data is handled, neither a denial nor a declaration
    assert _status("No calendar content is shared or sold to anyone.", "calendar") is None
    items = "- \u274c No background tracking: your location is read only while the map is open\n"
    assert _status(items, "location_background", "p.md") == "denied"
    assert _status("Your location is read even when the app is in background.", "location_background") == "declared"
    assert _status("Your location is read only while the map is open.", "location_background") is None


def test_a_bare_english_notification_needs_a_cue_of_the_app_posting_it():
    assert _status("The timer uses local notifications when a break is over.", "notifications") == "declared"
    assert _status("We use the alarm service for scheduled reminder notifications.", "notifications") == "declared"
    # e-mail, forwarding to a computer, or the user's notifications read from other apps are not
    assert _status("We may send you an email notification about your order.", "notifications") is None
    assert _status("We may send you alerts and notifications via email.", "notifications") is None
    assert _status("The bridge sends the notifications to your computer over Wi-Fi.", "notifications") is None
    assert _status("Notification settings are part of the app preferences we use.", "notifications") is None
    assert _status("We never track your notifications.", "notification_listener") == "denied"
    assert _status("We never track your notifications.", "notifications") is None
    assert _status("Swipe down for quick access to your notifications.", "notification_listener") is None


def test_plural_phone_numbers_count_only_in_a_denial():
    assert _status("We do not collect names, e-mail addresses or phone numbers.", "phone_number") == "denied"
    # numbers a feature reads are mostly other people's (call logs, contacts)
    assert _status("The blocker reads phone numbers from your call history.", "phone_number") is None
    assert _status("We ask for your phone number to sign you in.", "phone_number") == "declared"


def test_a_sentence_that_goes_on_with_a_denial_is_denied():
    text = "The app does not collect any personal data. This includes names and phone numbers."
    assert _status(text, "phone_number") == "denied"
    # after a sentence that denies nothing, "This includes" is no denial
    assert _status("The app keeps a log. This includes phone numbers.", "phone_number") is None


def test_usb_drives_installing_apps_and_an_approximate_location():
    assert _status("The player reads songs you put on a USB flash drive.", "storage") == "declared"
    # the user installing apps is usage; the app installing packages needs its cue
    assert _status("We record when you view content or install applications.", "install_packages") is None
    assert _status("The updater needs the permission to install apps it downloads.", "install_packages") == "declared"
    # a sentence that qualifies the location as approximate declares no precise location
    approx = "Location data: we use your approximate location (city) to list nearby shops."
    assert _status(approx, "location_approximate") == "declared"
    assert _status(approx, "location_precise") is None
    assert _status("We use your location to list nearby shops.", "location_precise") == "declared"


def test_a_label_before_a_revoke_instruction_is_what_to_revoke():
    assert _status("- Location: Revoke location permissions at any time in settings\n", "location_precise", "p.md") is None
    assert _status("- Location: used to list nearby shops\n", "location_precise", "p.md") == "declared"


def test_the_apps_sandbox_is_not_shared_storage_and_nothing_written_denies_it():
    sandbox = "Your notes are kept in the app's private sandbox, the part of internal storage only it can read."
    assert _status(sandbox, "storage") is None
    assert _status("The app reads backups from internal storage.", "storage") == "declared"
    assert _status("Nothing is written to external storage, and nothing leaves the phone.", "storage") == "denied"
    assert _status("Reports are written to external storage.", "storage") == "declared"


def test_determiners_between_a_cue_and_its_term_do_not_part_them():
    assert _status("You decide to sync all or only some of your contacts with the server.", "contacts") == "declared"
    # a cue farther away, past other words, still does not reach the term
    assert _status("You may sync the settings page, which lists our office contacts.", "contacts") is None


# ---- en5 (batch 9 tuning): each rule on sentences written for the test ----------------------

def test_speech_output_and_a_camera_sensor_are_not_the_microphone_or_sensors():
    assert _status("Answers are spoken to you as voice output through the speaker.", "microphone") is None
    assert _status("The app records your voice to transcribe your notes.", "microphone") == "declared"
    assert _status("- Camera sensor: used to film the flight\n", "sensors", "p.md") is None
    assert _status("- Camera sensor: used to film the flight\n", "camera", "p.md") == "declared"
    assert _status("The game reads the accelerometer sensor to steer the car.", "sensors") == "declared"


def test_an_apps_own_gallery_screen_is_not_the_photo_library():
    assert _status("We track which screens you open (gallery, settings, help).", "photos_videos") is None
    assert _status("You can pick a picture from your gallery as a wallpaper.", "photos_videos") == "declared"


def test_the_document_picker_and_cannot_without_the_permission_which_states_a_need():
    assert _status("To open a document, the reader uses Android's Storage Access Framework.", "storage") is None
    assert _status("The app cannot read or scan the files on your device.", "storage") == "denied"
    # "cannot … without it" states a need, not a denial
    assert _status("The app cannot read your pulse without this permission.", "sensors") != "denied"
    assert _status("The app needs your location and cannot work without it.", "location_precise") == "declared"
    need = "The app requests these permissions:\n\n- Body sensors: the app cannot read your pulse without it\n"
    assert "android.permission.BODY_SENSORS" in {p.permission for p in read_policy(need.encode(), "p.md").permissions}


def test_wifi_state_sd_storage_and_mobile_network_information():
    assert _status("The app reads the Wi-Fi state to find the camera's hotspot.", "network_id") == "declared"
    assert _status("The app has access to your SD storage to keep the maps.", "storage") == "declared"
    assert _status("We collect mobile network information to debug syncing.", "network_id") is None
    assert _status("We collect network information to debug syncing.", "network_id") == "vague"


def test_a_kind_of_storage_next_to_another_word_external_stays_what_it_is():
    assert _status("- No cloud storage or external servers are used\n", "storage", "p.md") is None
    assert _status("The app reads photos from external storage.", "storage") == "declared"


def test_a_label_naming_two_permissions_declares_both():
    text = "The app needs these permissions:\n\n- SMS/Phone: to text or call your emergency contact\n"
    assert _status(text, "sms", "p.md") == "declared"
    assert _status(text, "phone_calls", "p.md") == "declared"
    perms = {p.permission for p in read_policy(text.encode(), "p.md").permissions}
    assert {"android.permission.READ_SMS", "android.permission.READ_PHONE_STATE"} <= perms


def test_a_list_item_sentence_is_not_a_plain_text_table_header():
    text = "## Camera\n\n- **Permissions:** The app requires the camera permission to read purpose codes on labels\n"
    res = read_policy(text.encode(), "p.md")
    assert "|" not in res.text
    assert res.categories["camera"].status == "declared"
    # a sentence naming two header words is prose too; a header of bare words is still a table
    assert "|" not in read_policy(b"The app requires location permission for this purpose\nLocation on\n", "p.txt").text
    assert read_policy("权限名称 使用目的 调用时机\n相机 扫码 使用时\n".encode(), "p.txt").text.count("|") == 4


def test_an_umbrella_only_said_not_to_be_stored_is_not_vague():
    assert _status("- **Storage:** Device information is not stored or sent anywhere\n", "device_id", "p.md") is None
    assert _status("We collect device information, which stays on the phone.", "device_id") == "vague"


def test_a_denial_paragraph_goes_on_into_a_this_includes_list():
    text = "We do not collect any personal information.\n\nThis includes, for instance:\n\n- Phone number\n- Location data\n"
    assert _status(text, "phone_number", "p.md") == "denied"
    assert _status(text, "location_precise", "p.md") == "denied"
    kept = "The app keeps a diary of your trips.\n\nThis includes:\n\n- Location data\n"
    assert _status(kept, "location_precise", "p.md") != "denied"


def test_media_files_the_sentence_calls_audio_are_audio_files():
    music = "The app reads media files on your device to trim your music."
    assert _status(music, "audio_files") == "declared"
    assert _status(music, "photos_videos") is None
    assert _status("The app reads media files on your device to edit your photos.", "photos_videos") == "declared"




def test_the_fine_location_permissions_purpose_is_precise_only():
    fine = "ACCESS_FINE_LOCATION: show your current location on the trail map."
    assert _status(fine, "location_precise") == "declared"
    assert _status(fine, "location_approximate") is None
    # (a location the text itself says is GPS is the precise one: GUIDE, batch 11's walktracker alignment)
    assert _status("The app uses your device's location (GPS) to map runs.", "location_approximate") is None
    assert _status("The app uses your device's location to map runs.", "location_approximate") == "declared"


def test_storage_named_where_files_are_saved_is_written():
    assert _status("Trimmed ringtones are saved on your phone's internal storage.", "storage") == "declared"
    assert _status("No recordings are saved to device storage.", "storage") is None
    assert _status("Settings are kept in your device's local storage.", "storage") is None


def test_a_column_saying_where_data_is_kept_is_not_the_storage_permission():
    kept = "| Data | Purpose | Storage location |\n|---|---|---|\n| Scores | show progress | Device storage |\n"
    assert _status(kept, "storage", "p.md") is None
    perm = "| Permission | Purpose |\n|---|---|\n| Storage | export your scores |\n"
    assert _status(perm, "storage", "p.md") == "declared"


def test_reports_that_contain_no_identifiers_deny_them():
    assert _status("Crash reports contain no device identifiers or location data.", "device_id") == "denied"
    assert _status("Crash reports contain no device identifiers or location data.", "location_precise") == "denied"
    assert read_policy(b"The app contains no ads and no in-app purchases.", "p.txt").categories == {}


def test_a_recorder_of_video_and_audio_and_googles_own_data_uses():
    text = "While you ride, the helmet camera app records video and audio of the road."
    assert _status(text, "camera") == "declared"
    assert _status(text, "microphone") == "declared"
    assert _status("The gallery shows video and audio files you saved.", "microphone") is None
    # a pointer to how Google uses data is Google's practice, not the app's
    assert _status("See how Google uses information such as your location on its own site.", "location_precise") is None


def test_no_items_that_are_collected_mid_sentence_are_denied():
    text = "Kids can paint freely; no photos or voice recordings are collected."
    assert _status(text, "photos_videos") == "denied"
    assert _status(text, "microphone") == "denied"
    # a "no" that names something else leaves the rest a declaration
    assert _status("No account is needed, and photos you pick are read from your gallery.", "photos_videos") == "declared"


def test_a_no_label_about_keeping_or_sending_data_denies_nothing():
    kept = "- No Permanent Storage: the app does not keep audio files after the song is recognised\n"
    assert _status(kept, "audio_files", "p.md") is None
    assert _status("- No Cloud Backup: photos stay on the phone\n", "photos_videos", "p.md") is None
    sent = "- No Audio Transmission: No audio files are ever transmitted to our servers\n"
    assert _status(sent, "audio_files", "p.md") is None
    # a "No" label that names the data itself still denies it
    assert _status("- No Audio Files: the app never reads your music library\n", "audio_files", "p.md") == "denied"


def test_a_song_the_user_uploads_from_the_device_is_an_audio_file():
    assert _status("You can upload a song from your phone to practise along with it.", "audio_files") == "declared"
    assert _status("The tuner shows which song key you play, using the microphone.", "audio_files") is None


def test_a_voice_kind_of_file_is_an_audio_file_not_the_microphone():
    row = "| Data | Purpose |\n|---|---|\n| Attached files (photos, voice, documents) | To open them |\n"
    assert _status(row, "microphone", "p.md") is None
    assert _status(row, "audio_files", "p.md") == "declared"
    assert _status("The app records your voice when you hold the button.", "microphone") == "declared"


def test_voice_output_camera_sensors_and_an_apps_own_gallery():
    assert _status("The reader uses voice output to announce each station.", "microphone") is None
    assert _status("The app records a voice memo when you press the button.", "microphone") == "declared"
    assert _status("We use the camera sensor to overlay telemetry on video.", "sensors") is None
    assert _status("We use the accelerometer sensor to count laps.", "sensors") == "declared"
    # the app's own gallery screen is no photo library; picking from the gallery is
    assert _status("We collect which screens you open (gallery, settings, help).", "photos_videos") is None
    assert _status("You can pick a picture from the gallery as a wallpaper.", "photos_videos") == "declared"


def test_a_cell_under_a_storage_location_header_names_a_place():
    table = "| Data | Purpose | Storage location |\n|---|---|---|\n| Scores | Leaderboard | Device storage |\n"
    assert _status(table, "storage", "p.md") is None
    perms = "| Permission | Purpose |\n|---|---|\n| Device storage | Exporting scores |\n"
    assert _status(perms, "storage", "p.md") == "declared"


def test_a_location_named_as_androids_bluetooth_requirement_is_not_read():
    text = "To pair the sensor, Bluetooth scanning on Android may require the location permission."
    assert _status(text, "location_precise") is None
    assert _status("The app uses GPS to locate you; Bluetooth scans find the bike sensor.", "location_precise") == "declared"
    assert _status("We use your location to show nearby chargers.", "location_precise") == "declared"


def test_batch9_readings_wifi_state_orientation_saf_exif_and_cannot():
    assert _status("The app reads the Wi-Fi network information to find the drone.", "network_id") == "declared"
    assert _status("We read the device orientation to steer the drone.", "sensors") == "declared"
    # the system file picker needs no storage permission; reading photo EXIF tags is no user location
    assert _status("To open a file, the app uses Android's Storage Access Framework.", "storage") is None
    assert _status("We read EXIF GPS tags embedded in your photos for the map view.", "location_approximate") is None
    assert _status("The viewer cannot scan or list the files on your device.", "storage") == "denied"
    assert _status("The viewer can scan the files on your device for duplicates.", "storage") == "declared"


def test_an_umbrella_that_is_not_stored_is_not_vague_and_exclusions_hold_next_to_external():
    assert _status("Device information is not stored or transmitted anywhere.", "device_id") is None
    assert _status("Device information is collected for crash reports.", "device_id") == "vague"
    assert _status("No cloud storage or external databases are used.", "storage") is None


def test_the_listeners_purpose_names_other_apps_notifications_and_technical_device_information():
    listener = "- BIND_NOTIFICATION_LISTENER_SERVICE: to display notifications of your other apps on the lock screen\n"
    assert _status(listener, "notifications", "p.md") is None
    assert _status(listener, "notification_listener", "p.md") == "declared"
    assert _status("The timer displays a notification when your tea is ready.", "notifications") == "declared"
    # "technical information" names no device data by itself (GUIDE s); "... about your device"
    # is the device-information umbrella, whatever adjective comes first
    tech = "The font request sends technical information about your device (e.g., the user agent)."
    assert _status(tech, "device_id") == "vague"
    assert _status("The font request sends technical information for debugging.", "device_id") is None
    assert _status("The font request sends information about your device.", "device_id") == "vague"
    # where the photos were taken, read from their metadata, is not the user's location
    assert _status("- Media location data: read from your photos to sort them on a map\n", "location_approximate", "p.md") is None


def test_a_permission_label_of_two_names_and_saving_to_storage():
    perms = "## Permissions\n\n- **SMS/Phone**: to text or call a contact when a rule fires\n"
    assert _status(perms, "sms", "p.md") == "declared"
    assert _status(perms, "phone_calls", "p.md") == "declared"
    # saving is what the storage permission is for; exporting to the file system too
    assert _status("Generated clips are saved on your phone's internal storage.", "storage") == "declared"
    assert _status("Logs can be exported to the file system.", "storage") == "declared"
    assert _status("NO recordings are saved to device storage.", "storage") is None
    assert _status("Your answers are saved in our cloud storage.", "storage") is None


def test_carrier_network_media_location_and_a_fine_location_row():
    assert _status("We collect mobile network information for crash reports.", "network_id") is None
    assert _status("We collect network information for crash reports.", "network_id") == "vague"
    assert _status("We read media location data from your photos for the map.", "location_approximate") is None
    row = "| Permission | Purpose |\n|---|---|\n| ACCESS_FINE_LOCATION | Show your current location on the map |\n"
    assert _status(row, "location_precise", "p.md") == "declared"
    assert _status(row, "location_approximate", "p.md") is None


def test_api_class_names_utilize_contact_lists_and_a_line_ending_on_the():
    assert _status("Optional features utilize the AccessibilityService API to tap buttons for you.", "accessibility") == "declared"
    assert _status("Optional features rely on a helper that you enable.", "accessibility") is None
    assert _status("The app does not collect contact lists.", "contacts") == "denied"
    # a hard-wrapped English line never ends on "the": the next line goes on with it
    wrapped = "The tool does not use the\nAccessibilityService API to collect anything.\n"
    res = read_policy(wrapped.encode(), "p.txt")
    assert "use the AccessibilityService" in res.text
    assert "Contacts\nCamera" in read_policy(b"Contacts\nCamera\n", "p.txt").text  # (a list of names stays apart)


def test_a_label_saying_which_permissions_are_not_needed_and_examples_of_personal_data():
    text = "Permissions not required: Camera, Microphone, Location"
    assert _status(text, "camera") == "denied"
    assert not [p for p in read_policy(text.encode(), "p.txt").permissions if p.category == "camera"]
    assert _status("Permissions used: Camera, Microphone", "camera") == "declared"
    assert _status("Examples of personal data include your name, phone number and location.", "location_precise") is None
    assert _status("We collect your name, phone number and location.", "location_precise") == "declared"


def test_a_denial_goes_on_into_the_list_of_the_next_paragraph():
    text = "## Data\n\nThe app does not collect personal data.\n\nThis includes:\n\n- Phone number\n- Location data\n"
    assert _status(text, "phone_number", "p.md") == "denied"
    assert _status(text, "location_precise", "p.md") == "denied"
    kept = "## Data\n\nThe app keeps a small log.\n\nThis includes:\n\n- Location data\n"
    assert _status(kept, "location_precise", "p.md") != "denied"


def test_accessibility_service_api_utilize_and_media_files_on_the_device():
    assert _status("Some tools utilize Android's AccessibilityService API.", "accessibility") == "declared"
    text = "The editor will access media files on your device."
    assert _status(text, "storage") == "declared"
    assert _status(text, "photos_videos") == "declared"


def test_a_voice_call_to_the_company_is_not_the_apps_microphone():
    assert _status("You can contact us by voice call or email.", "microphone") is None
    assert _status("The app makes voice calls to your family.", "microphone") == "declared"


def test_reports_that_contain_no_data_deny_it_and_plural_contact_lists():
    text = "Crash reports contain no personal data, device identifiers or location."
    assert _status(text, "device_id") == "denied"
    assert _status(text, "location_precise") == "denied"
    assert _status("Crash reports contain no personal data, but we read your location.", "location_precise") == "declared"
    assert _status("We never upload contact lists.", "contacts") == "denied"


def test_never_asks_for_and_a_label_whose_value_says_not_used():
    never = "The app never asks for your location, contacts or camera."
    assert _status(never, "camera") == "denied"
    assert _status(never, "location_precise") == "denied"
    assert _status("Location permission: not requested.", "location_precise") == "denied"
    assert _status("Camera: No", "camera") == "denied"
    assert _status("Location shared: No", "location_precise") is None  # (how it is handled, GUIDE n)
    assert _status("Location permission: used to show the map.", "location_precise") == "declared"


def test_phone_numbers_the_users_provide_are_their_own():
    text = "The login service processes phone numbers that users provide to sign in."
    assert _status(text, "phone_number") == "declared"
    assert _status("The blocker reads phone numbers from your call history.", "phone_number") is None


def test_a_lettered_sub_title_takes_its_numbered_titles_lead():
    text = ("## 1. Information We Collect\n\n### A. Account\n\n- Name\n\n### B. Location Data\n\n"
            "Only when you allow it:\n\n- GPS coordinates\n\nShared with your group only.\n\n"
            "### C. Device Information\n\n- IP address\n- OS version\n\n## 2. Contact\n\n### A. Support\n\n- Phone number\n")
    assert _status(text, "network_id", "p.md") == "declared"
    assert _status(text, "phone_number", "p.md") is None  # (under "2. Contact": no lead)
    # without the outline, a sub-title after a paragraph has no lead
    plain = "## Information We Collect\n\nSee below.\n\n### Device Information\n\n- IP address\n"
    assert _status(plain, "network_id", "p.md") is None


def test_a_bracketed_permission_name_before_its_purpose():
    text = "- [NOTIFICATION LISTENER] To show the texts of your other apps on the watch\n"
    perms = {p.permission for p in read_policy(text.encode(), "p.md").permissions}
    assert "android.permission.BIND_NOTIFICATION_LISTENER_SERVICE" in perms
    assert _status(text, "notification_listener", "p.md") == "declared"
    # a bracketed phrase that names no permission is nothing
    assert not read_policy(b"- [SEE ALSO] Our terms of service\n", "p.md").permissions


def test_no_permission_to_read_is_a_denial():
    # (en7) "holds/requests no permission to read X": the app has none of it
    assert _status("This viewer holds no permission to read your photo album.\n", "photos_videos") == "denied"
    assert _status("The dialer requests no permission to access your contacts.\n", "contacts") == "denied"
    # a bare "needs no ..." is not a cue: what follows "but" is still read
    text = "The dialer needs no account but reads your contacts to show who is calling.\n"
    assert _status(text, "contacts") == "declared"


def test_a_term_said_not_to_be_kept_or_sent_is_neither_declared_nor_denied():
    # (en7; GUIDE n) how data is (not) handled says nothing about reading it
    assert _status("Your contacts are never uploaded to any server.\n", "contacts") is None
    assert _status("Pictures and videos are not shared with us or anyone else.\n", "photos_videos") is None
    assert _status("Your position is not stored on our servers.\n", "location_precise") is None
    # a collection verb before the term in its clause still declares it
    assert _status("We read your contacts, which are never uploaded.\n", "contacts") == "declared"
    assert _status("The widget reads your contacts and they are never uploaded.\n", "contacts") == "declared"
    # ... and so does a term the user picks ("you select")
    assert _status("Photos you select are never uploaded to our servers.\n", "photos_videos") == "declared"


def test_photos_the_apps_camera_captures_are_not_the_photo_library():
    # (en7; GUIDE g) pictures the app takes are the camera's
    text = "The scanner needs camera access to capture photos and videos of receipts.\n"
    assert _status(text, "camera") == "declared" and _status(text, "photos_videos") is None
    assert _status("Camera: to shoot pictures and videos\n", "photos_videos") is None
    # pictures the clause also reads or uploads are the library's
    assert _status("You can capture photos or pick existing ones from your gallery.\n", "photos_videos") == "declared"
    assert _status("You may snap photos and upload them to your diary.\n", "photos_videos") == "declared"


def test_calendar_units_of_time_and_a_schedule_are_not_the_device_calendar():
    # a deadline counted in calendar days / months is time, whatever "your" stands next to it
    assert _status("Your request is answered within 30 calendar days.", "calendar") is None
    assert _status("We delete your account after 12 calendar months without use.", "calendar") is None
    # a schedule the app keeps (a workout plan, payments) is no device calendar (GUIDE c)
    assert _status("The tracker lets you read your training schedule.", "calendar") is None
    # the device calendar itself still is
    assert _status("The app reads your calendar to show the days you are busy.", "calendar") == "declared"
    assert _status("We add the events you book to your calendar.", "calendar") == "declared"


def test_browser_storage_named_with_cookies_is_not_device_storage():
    web = "Our site uses cookies, web beacons and local storage to access information in your browser."
    assert _status(web, "storage") is None
    assert _status("The page keeps a token in HTML5 storage that our scripts read.", "storage") is None
    # the device's shared storage in the same kind of sentence is still read
    assert _status("The app needs access to your device storage to import backups.", "storage") == "declared"
    assert _status("We do not use cookies. The app needs storage access to export files.", "storage") == "declared"


def test_storage_of_the_device_and_files_the_user_uploads_are_device_storage():
    # (en7, from batch 10) "storage of your device" is the device's; "storage of" alone is not
    assert _status("Grant read and write permission to storage of your phone to keep offline maps.\n", "storage") == "declared"
    assert _status("We take care of the storage of your data on our servers.\n", "storage") is None
    # a document the user uploads or picks is a file read from the device (batch 7 reading)
    assert _status("We keep your resume and the other files you upload with your job application.\n", "storage") == "declared"
    assert _status("Log files are uploaded to our crash service.\n", "storage") is None


def test_a_profile_picture_the_user_provides_is_the_photo_library():
    # (en7, from batch 10) ... but not one a sign-in provider passes on, nor a preset one (GUIDE)
    assert _status("We collect your name, e-mail address and profile photo.\n", "photos_videos") == "declared"
    text = "If you sign in with Google, we receive your name and profile picture.\n"
    assert _status(text, "photos_videos") is None
    assert _status("You can pick a default profile picture from our set.\n", "photos_videos") is None


def test_the_storage_of_the_device_is_device_storage_but_storage_of_data_is_not():
    assert _status("The app asks for permission to read and write the storage of your phone.", "storage") == "declared"
    assert _status("We use a provider for the storage of your data and read it when needed.", "storage") is None


def test_a_profile_photo_the_user_gives_is_from_the_device_but_not_a_sign_in_providers():
    assert _status("## Information we collect\n\n- Your nickname\n- Profile photo\n", "photos_videos", "p.md") == "declared"
    assert _status("We store the profile picture you add to your account.", "photos_videos") == "declared"
    # the picture of the account used to sign in comes from that account, and a URL is a link
    assert _status("When you sign in with Google we receive your name and profile picture.", "photos_videos") is None
    assert _status("We keep the avatar's profile image URL to show it in the app.", "photos_videos") is None
    after = "## Information we collect\n\n- Display name\n- Profile photo (from your Google account)\n"
    assert _status(after, "photos_videos", "p.md") is None


def test_photos_the_camera_captures_are_the_camera_not_the_photo_library():
    text = "The app uses the camera to capture photos of the receipt you scan."
    assert _status(text, "camera") == "declared" and _status(text, "photos_videos") is None
    after = "The app processes the photos you capture of your documents."
    assert _status(after, "camera") == "declared" and _status(after, "photos_videos") is None
    both = "The app uses the camera to capture photos and lets you pick photos from your gallery."
    assert _status(both, "camera") == "declared" and _status(both, "photos_videos") == "declared"


def test_audio_the_app_downloads_for_offline_use_is_not_the_users_audio_files():
    own = "## Information we collect\n\n1. Downloaded audio files: lectures you keep for offline listening\n"
    assert _status(own, "audio_files", "p.md") is None
    assert _status("The app uses the audio files you download to play them offline.", "audio_files") is None
    assert _status("The player reads the audio files on your device.", "audio_files") == "declared"


def test_files_the_user_exports_or_imports_are_device_storage():
    # (en7, from batch 9; GUIDE batch 8 reading) exports the user triggers land in shared storage
    assert _status("You can export your data to a file and share it.\n", "storage") == "declared"
    assert _status("Backups you export stay under your control.\n", "storage") == "declared"
    assert _status("We may export aggregated statistics to our partners.\n", "storage") is None


def test_local_storage_on_the_device_is_the_apps_own():
    # (en7, from batch 10; GUIDE: not the app's own cache or database)
    assert _status("We use local storage on your device to keep your settings.\n", "storage") is None
    assert _status("Crash logs may be written to your device's local storage.\n", "storage") is None
    assert _status("The app needs the storage permission to save exported reports.\n", "storage") == "declared"


def test_a_folder_or_place_the_user_picks_for_files_is_not_a_location():
    text = "Backups are written to a location you pick in the system file dialog."
    assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    assert _status("We use your location to show nearby parking.", "location_approximate") == "declared"


def test_files_moved_to_or_from_the_device_and_public_folders_are_device_storage():
    assert _status("The app downloads files to your device when you ask for them.", "storage") == "declared"
    assert _status("You can attach files from your phone to a note.", "storage") == "declared"
    assert _status("Exports are saved to your Documents folder.", "storage") == "declared"
    # files on a server, or downloaded into it, are not the device's
    assert _status("You can download files from our website.", "storage") is None


def test_trusted_or_emergency_contacts_picked_one_by_one_are_not_the_address_book():
    text = "You can pick trusted contacts to warn; the app never reads your address book."
    assert _status(text, "contacts") == "denied"
    assert _status("Emergency contacts you select get a message when you fall.", "contacts") is None
    assert _status("The app reads your contacts so you can choose emergency contacts.", "contacts") == "declared"


def test_a_data_safety_row_that_says_no_to_collection_and_sharing_denies():
    # (en7) the Play data-safety form copied into a policy: "Collected: No" denies even when the
    # "Shared" column says No too; a No only under a handling header still denies nothing
    table = ("| Data type | Collected | Shared |\n|---|---|---|\n| Photos and videos | No | No |\n"
             "| Contacts | No | No |\n| Location | Yes | No |\n")
    assert _status(table, "photos_videos", "p.md") == "denied"
    assert _status(table, "contacts", "p.md") == "denied"
    assert _status(table, "location_precise", "p.md") == "declared"
    assert _status("| Data | Shared with partners |\n|---|---|\n| Contacts | No |\n", "contacts", "p.md") != "denied"


def test_no_right_before_a_term_denies_it():
    # (en7) "no camera, no contacts": a list of what the app goes without
    text = "The widget needs nothing special: no camera, no contacts, no storage.\n"
    for cid in ("camera", "contacts", "storage"):
        assert _status(text, cid) == "denied"
    assert _status("The viewer has no access to your photos.\n", "photos_videos") == "denied"
    # a choice among quantities is no denial
    assert _status("You may sync all or no contacts with the directory.\n", "contacts") == "declared"
    # nor a "no" that a condition qualifies
    assert _status("There is no contacts access unless you enable sync.\n", "contacts") != "denied"


def test_bare_photos_in_a_policy_whose_app_takes_them_are_the_cameras():
    text = ("The app uses the camera to take photos of the meter at each reading.\n\n"
            "## How we use data\n\n- To check the readings with the photos.\n")
    assert _status(text, "camera", "p.md") == "declared" and _status(text, "photos_videos", "p.md") is None
    # a library cue still names the photo library, and without the camera's photos a bare "photos" reads as before
    lib = text + "\nYou can also pick photos from your gallery.\n"
    assert _status(lib, "photos_videos", "p.md") == "declared"
    assert _status("## How we use data\n\nWe use the photos you send to check the readings.\n", "photos_videos",
                   "p.md") == "declared"


def test_a_location_permission_only_androids_radio_rule_needs_and_said_unused_is_not_declared():
    bt = "## Permissions\n\n- Location: needed on Android to scan for BLE sensors (never used to track your location)\n"
    assert _status(bt, "location_precise", "p.md") is None and _status(bt, "location_approximate", "p.md") is None
    wifi = "The location permission is required to read the Wi-Fi name (the app does not use your location).\n"
    assert _status(wifi, "location_precise") is None
    # without the denial it is a permission the app requests: declared (GUIDE, batches 3, 9, 10)
    plain = "## Permissions\n\n- Location: needed on Android to scan for BLE sensors\n"
    assert _status(plain, "location_precise", "p.md") == "declared"
    assert _status("We use your location for the map, and Bluetooth is not used.", "location_precise") == "declared"


def test_a_permission_said_unused_or_not_needed_is_not_declared():
    assert _status("WRITE_EXTERNAL_STORAGE: not used by this app.\n", "storage", "p.md") is None
    assert _status("Camera permission: not used in the app.\n", "camera") == "denied"
    assert _status("The notes stay in the app, so no storage permission is needed.\n", "storage") == "denied"
    # the same constants with a purpose are declared
    assert _status("WRITE_EXTERNAL_STORAGE: to save the exports you ask for.\n", "storage", "p.md") == "declared"
    assert _status("Camera permission: used to scan codes.\n", "camera") == "declared"


def test_as_an_example_leads_a_list_like_for_example():
    # (en7, batch 7's only misses) "as (an) example" is "for example": it leads the list of what is kept
    items = "\n\n* light sensor values;\n* your location when you open it.\n"
    text = "## Rules\n\nThe tool may keep a few statistics on your phone. As an example of such data:" + items
    assert _status(text, "sensors", "p.md") == "declared"
    assert _status(text, "location_precise", "p.md") == "declared"
    # a lead without it names nothing
    bare = "## Rules\n\nThe tool may keep a few statistics on your phone. Some words on it:" + items
    assert _status(bare, "sensors", "p.md") is None and _status(bare, "location_precise", "p.md") is None


def test_a_voice_the_app_speaks_with_is_not_the_microphone():
    assert _status("You can choose the voice that reads your books aloud.", "microphone") is None
    assert _status("We use the speech engine of your phone to announce each lap.", "microphone") is None
    assert _status("Your voice matters: write to us with any idea.", "microphone") is None
    # a voice or speech the app takes in is still the microphone
    assert _status("The app uses speech recognition to fill in the form.", "microphone") == "declared"
    assert _status("We use your voice commands to start the timer.", "microphone") == "declared"
    assert _status("The tuner listens to your voice to show the pitch.", "microphone") == "declared"


def test_your_files_is_vague_for_storage_only():
    # (en7, from batch 10) an umbrella of files covers the storage, not photos or music
    text = "The app may access your files.\n"
    assert _status(text, "storage") == "vague"
    assert _status(text, "photos_videos") is None and _status(text, "audio_files") is None


def test_the_location_of_a_place_or_thing_is_not_the_users_location():
    for text in ("The map shows the location of our shops near you.", "We keep the location of each meeting you plan."):
        assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    assert _status("We collect the location of your phone during a ride.", "location_precise") == "declared"
    assert _status("We use the location of the device to find nearby stations.", "location_approximate") == "declared"


def test_pictures_saved_to_the_gallery_or_media_on_the_device_are_the_photo_library():
    assert _status("The editor saves your edited pictures to your gallery.", "photos_videos") == "declared"
    assert _status("The app needs permission to read media on your device.", "photos_videos") == "declared"
    assert _status("## Permissions\n\n- Files and media: to open the document you pick.\n", "storage", "p.md") == "declared"
    # an image said not to be saved, and the app's own gallery screen, are not
    assert _status("The camera frame is analysed and the image is not saved.", "photos_videos") is None
    assert _status("Open the gallery screen to see the levels you finished.", "photos_videos") is None


def test_device_details_in_other_words_are_the_umbrella_and_this_identifier_points_back():
    assert _status("We collect information about your phone, such as its model.", "device_id") == "vague"
    assert _status("The app sends device details, for example the OS version, with a crash.", "network_id") == "vague"
    # a closed list still covers only what it lists (GUIDE)
    assert _status("We collect device details (model, OS version).", "device_id") is None
    # "this identifier" names the one the text already named, no new umbrella
    text = "Our ad partner uses your advertising ID. This identifier is used to choose ads."
    assert _status(text, "advertising_id") == "declared" and _status(text, "device_id") is None


def test_a_definition_of_personal_or_sensitive_data_declares_nothing():
    for text in ("Personal data means any information about a person who can be identified, for example a name, "
                 "location data or an online identifier.",
                 "Sensitive information includes health records, precise geolocation and the contents of your messages."):
        assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    assert _status("We use personal data such as your precise location to match you with a driver.",
                   "location_precise") == "declared"


def test_a_passive_denial_ending_in_a_colon_denies_the_list_after_it():
    text = "The following data is not collected: your location, your contacts or recordings from the microphone."
    for cid in ("location_precise", "contacts", "microphone"):
        assert _status(text, cid) == "denied"
    assert _status("These are never collected by the app: location or contacts.", "contacts") == "denied"
    # a colon later in a clause of its own leads nothing
    turn = "Location is not collected, but we read your contacts: names and numbers only."
    assert _status(turn, "contacts") == "declared" and _status(turn, "location_precise") == "denied"


def test_an_item_saying_the_app_takes_photos_under_a_permissions_title_is_the_camera():
    text = "## Permissions\n\n- Capture pictures of your plants to log their growth\n"
    assert _status(text, "camera", "p.md") == "declared" and _status(text, "photos_videos", "p.md") is None
    # an item naming the photos it reads is still the photo library
    lib = "## Permissions\n\n- Photos in your gallery, to pick a plant picture\n"
    assert _status(lib, "photos_videos", "p.md") == "declared"


def test_files_the_app_manages_itself_are_not_device_storage():
    assert _status("The editor reads the app-managed local files in its cache folder.", "storage") is None
    assert _status("The editor reads the app's own local files to restore a draft.", "storage") is None
    assert _status("The editor reads local files you open with it.", "storage") == "declared"


def test_the_identifier_of_an_accessory_the_user_pairs_is_not_the_phones():
    text = "Once you pair your fitness band, the app keeps the device identifier so it can reconnect."
    assert _status(text, "device_id") is None
    assert _status("The app reads the device identifier of your phone to detect fraud.", "device_id") == "declared"


def test_a_location_the_user_chose_for_files_is_not_a_location():
    assert _status("Backups are written to your chosen location on the SD card.", "location_precise") is None
    assert _status("We use your location to show nearby clinics.", "location_precise") == "declared"


def test_a_lead_ending_in_does_not_denies_the_access_items_after_it():
    text = "The tuner runs offline and does not:\n- Access your location\n- Read your contacts\n- Share usage data\n"
    assert _status(text, "location_precise", "p.md") == "denied" and _status(text, "contacts", "p.md") == "denied"
    # an item about handling is not led by it (as before: what it names stays as the item reads)
    handling = "The tuner does not:\n- Sell the recordings from your microphone\n"
    assert _status(handling, "microphone", "p.md") != "denied"
    assert _status("The tuner does:\n- Access your location\n", "location_precise", "p.md") == "declared"


def test_a_data_word_inside_the_apps_name_from_the_title_declares_nothing():
    text = "Privacy Policy for Pocket Compass App\n\nThanks for installing Pocket Compass. It keeps no data.\n"
    assert _status(text, "sensors", "p.md") is None
    named = "# Pocket Compass Privacy Policy\n\nPocket Compass reads the compass sensor to find north.\n"
    assert _status(named, "sensors", "p.md") == "declared"
    # a one-word name is not taken (too easily the data word itself)
    assert _status("Privacy Policy for Compass\n\nCompass reads the compass sensor.\n", "sensors", "p.md") == "declared"


def test_permission_constants_crossed_out_or_under_a_not_requested_title_are_not_requested():
    crossed = "## Permissions\n\n- ✅ `CAMERA` to scan codes\n- ❌ `READ_CONTACTS`\n"
    assert _status(crossed, "camera", "p.md") == "declared" and _status(crossed, "contacts", "p.md") is None
    titled = "### Permissions We Do Not Request\n\n- `READ_SMS`\n- `ACCESS_FINE_LOCATION`\n"
    assert _status(titled, "sms", "p.md") is None and _status(titled, "location_precise", "p.md") is None
    assert _status("### Permissions We Request\n\n- `READ_SMS` to read codes\n", "sms", "p.md") == "declared"


def test_the_location_of_things_or_of_processing_is_not_the_users_location():
    for text in ("The app lists the location of bike docks in your city.",
                 "Records may be kept in any location where our hosting partners run servers."):
        assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    for text in ("We record the location of riders during a trip.", "We read the location of mobile devices to route calls."):
        assert _status(text, "location_precise") == "declared"


def test_what_the_users_phone_carrier_may_collect_is_not_the_apps():
    assert _status("Your carrier may collect your location and phone number under its contract.", "location_precise") is None
    assert _status("We may collect your location and share it with your carrier.", "location_precise") == "declared"


def test_a_place_the_user_picks_or_a_files_location_metadata_is_not_the_users_location():
    # (en10, probes) a folder or a city the user chooses, and a photo's location tags, are not where the user is
    for text in ("You can choose a location to save the exported notes.",
                 "Search for a location to see the tide tables there.",
                 "The uploader strips location metadata from your pictures."):
        assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    assert _status("We use your location to choose a nearby server.", "location_precise") == "declared"
    assert _status("The app reads your location to tag your notes.", "location_approximate") == "declared"


def test_a_location_permission_android_needs_for_wifi_scans_and_said_unused_is_not_declared():
    # (en10, probes; the Bluetooth / Wi-Fi-name rule of batches 9-10 for Wi-Fi scans)
    text = "Location permission is needed to scan for Wi-Fi networks, but the app does not use your location."
    assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    used = "Location permission is needed to scan for Wi-Fi networks and to show your position on the map."
    assert _status(used, "location_precise") == "declared"


def test_a_term_with_a_data_noun_said_not_to_be_shared_is_neither_declared_nor_denied():
    # (en10, probes; GUIDE n) "your location data is not shared" says how it is kept, not that it is read
    assert _status("Your location data is not shared with third parties.", "location_precise") is None
    assert _status("Your location history is never uploaded.", "location_approximate") is None
    assert _status("We read your location data, which is never shared.", "location_precise") == "declared"


def test_the_apps_own_storage_is_not_the_shared_storage():
    # (en10, probes; GUIDE: not the app's own cache or database)
    assert _status("Your entries are saved in the app's internal storage.", "storage") is None
    assert _status("The diary keeps its database in its own storage on the phone.", "storage") is None
    assert _status("Recordings are saved on your phone's internal storage.", "storage") == "declared"
    assert _status("The app's export feature writes files to external storage.", "storage") == "declared"


def test_file_access_and_a_file_or_folder_the_user_picks_are_device_storage():
    # (en10, probes) other words for files read from or written to the shared storage
    for text in ("The reader needs file access to open the books you choose.",
                 "The editor reads the files you open with it.",
                 "You can import a file from your phone to restore your lists.",
                 "The tracker writes GPX files to a folder you choose.",
                 "Reports are saved in the Downloads directory."):
        assert _status(text, "storage") == "declared", text
    assert _status("We keep the files of your account on our servers.", "storage") is None


def test_the_camera_roll_and_the_photo_picker_are_the_photo_library():
    # (en10, probes) the iOS name of the photo library is not the camera; the system picker hands over picked photos
    roll = "You can pick images from your camera roll."
    assert _status(roll, "photos_videos") == "declared" and _status(roll, "camera") is None
    picker = "The app uses the system photo picker, so it never has access to your whole photo library."
    assert _status(picker, "photos_videos") == "declared"
    assert _status("The app uses the camera to scan receipts.", "photos_videos") is None


def test_what_someone_elses_software_collects_or_asks_for_is_not_the_apps():
    for text in ("If you follow a link, your browser may ask for access to your location.",
                 "Websites you open from the help page may collect your location.",
                 "The receiving app may read your contacts once you send it a card.",
                 "Other services may read your SMS messages, but this tuner never does."):
        for cid in ("location_precise", "contacts", "sms"):
            assert _status(text, cid) is None, (text, cid)
    # the app's own clause after such a subject, and the app naming the browser as an object, still read
    assert _status("Other apps may crash, but we collect your location only in the foreground.", "location_precise") == "declared"
    assert _status("Our tuner asks your browser for your location to pick a station.", "location_precise") == "declared"
    # a website asking for a permission is what a browser app passes on (GUIDE, batch 6): still the app's
    assert _status("Websites you visit may ask for your location; the tuner asks you first.", "location_precise") == "declared"
    # the operating system asking is the app's request
    assert _status("Android will ask you to allow the tuner to use the microphone.", "microphone") == "declared"


def test_a_capability_the_sentence_says_the_app_does_without_is_not_declared():
    for text, cid in (("Microphone access is not required to use the tuner.", "microphone"),
                      ("The contacts permission is not needed for sharing.", "contacts"),
                      ("You can use the tuner without granting access to your location.", "location_precise"),
                      ("The tuner works fully without camera access.", "camera")):
        assert _status(text, cid) is None, text
    assert _status("The tuner needs the microphone, though camera access is not required.", "microphone") == "declared"
    assert _status("Location access is required to show nearby stations.", "location_precise") == "declared"
    assert _status("The tuner only works without location if you type a city; otherwise we read your location.",
                   "location_precise") == "declared"


def test_a_permission_title_with_a_qualifier_in_brackets_names_its_permission():
    # (en10, from batch 14's first contact) "(Optional)" says when the permission is asked for
    text = "## Permissions We Use\n\n### 1. Storage Permission (Optional)\nUsed only when exporting.\n"
    assert _status(text, "storage", "p.md") == "declared"
    assert _status("## Permissions\n\n### Camera (Optional)\nTo scan codes.\n", "camera", "p.md") == "declared"
    # (only these qualifiers: a bracket that says more than when is not stripped)
    from auditor.policy.extract import _title_permissions
    from auditor.policy.lexicon import lexicon
    assert _title_permissions("Storage Permission (Optional)", lexicon()) == ["android.permission.WRITE_EXTERNAL_STORAGE"]
    assert _title_permissions("Storage Permission (not required)", lexicon()) == []


def test_whether_the_app_has_a_feature_at_all_left_open_declares_nothing():
    # (en10, from batch 14's first contact) "If the app provides X functionality, ..." is hypothetical
    assert _status("If the app offers a backup feature, backups are saved to external storage.", "storage") is None
    assert _status("The app offers a backup feature; backups are saved to external storage.", "storage") == "declared"
    assert _status("If you use the backup feature, backups are saved to external storage.", "storage") == "declared"


def test_device_and_advertising_identifiers_name_both():
    # (en10, from batch 14's first contact) one noun for two identifiers
    text = "Our ad network may receive device and advertising identifiers."
    assert _status(text, "device_id") == "declared" and _status(text, "advertising_id") == "declared"
    assert _status("Our ad network may receive advertising identifiers.", "device_id") is None


def test_a_location_named_as_a_photos_metadata_is_not_the_users_location():
    # (en10, from batch 13's first contact and probes) where a picture was taken is its metadata
    for text in ("The picture is shrunk and its EXIF/location (GPS) metadata is removed before sending.",
                 "We read the GPS tags in the EXIF data of your photos to sort them."):
        assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    assert _status("We use GPS to record your route and keep it with your workout.", "location_precise") == "declared"


def test_an_emoji_before_a_title_leaves_its_words_to_read():
    # (en10, from batch 14) "⚙️ Permissions We Use" is a permissions title, "🚫 Permissions We Do Not Request" a negative one
    perms = "## ⚙️ Permissions We Use\n\n### 2. Storage Permission (Optional)\nUsed only when exporting.\n"
    assert _status(perms, "storage", "p.md") == "declared"
    assert _status("## 🚫 Permissions We Do Not Request\n\n- `READ_SMS`\n", "sms", "p.md") is None
    assert _status("## 📋 Information We Collect\n\n- Your approximate location\n", "location_approximate", "p.md") == "declared"
    assert _status("## 📋 About this app\n\n- Your approximate location\n", "location_approximate", "p.md") is None


def test_a_single_picture_the_user_uploads_is_the_photo_library_but_picture_in_picture_is_not():
    # (en10, from batch 14) "picture" reads like "pictures": with a cue of the device or of uploading
    assert _status("You can upload a picture as an attachment to a post.", "photos_videos") == "declared"
    assert _status("The player supports picture-in-picture mode.", "photos_videos") is None
    assert _status("We show a picture of the product.", "photos_videos") is None


def test_where_the_user_happens_to_be_in_a_transfer_clause_is_not_a_location_reading():
    # (en10, from batch 14) "depending on your location" reads like "regardless of your location"
    text = "Depending on your location, data processed by our hosts may be moved to other countries."
    assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None
    assert _status("We process your location to show nearby shops.", "location_precise") == "declared"


def test_the_details_of_a_place_or_product_the_app_shows_are_not_the_users_data():
    for text in ("When you pick a cafe, we keep venue details (name, address, phone number, photos) for its page.",
                 "Tap a pin to see the restaurant photos.",
                 "We cache cover pictures from the Open Library API."):
        for cid in ("photos_videos", "phone_number", "location_precise"):
            assert _status(text, cid) is None, (text, cid)
    # the verb "store" is no thing, and the user's own details stay the user's
    assert _status("We store location data to show your runs.", "location_precise") == "declared"
    assert _status("Files you choose to hide (photos, videos) are read from your gallery.", "photos_videos") == "declared"
    assert _status("We send your location to the Places API to find nearby cafes.", "location_precise") == "declared"


def test_a_calendar_the_app_shares_itself_and_a_photos_location_metadata_are_not_device_data():
    assert _status("We sync the shared calendar between the two partners' phones.", "calendar") is None
    assert _status("The app syncs your calendar to remind you of appointments.", "calendar") == "declared"
    for text in ("We strip location metadata from photos before sharing them.",
                 "The picture's EXIF/GPS tags are removed before upload."):
        assert _status(text, "location_precise") is None, text
    assert _status("We read the GPS location of your phone to tag your runs.", "location_precise") == "declared"


def test_a_title_case_name_with_a_permission_word_inside_is_no_permission_item():
    text = "## Notification access (Android permission)\n\nNow-playing data is read from these apps:\n\n- Shazam\n- Ambient Music Mod\n"
    assert _status(text, "audio_files", "p.md") is None
    assert _status("## Permissions\n\n- Music and audio\n", "audio_files", "p.md") == "declared"
    assert _status("## Permissions\n\n- Precise Location\n", "location_precise", "p.md") == "declared"
    assert _status("## Permissions\n\n- Modify audio files saved by the user\n", "audio_files", "p.md") == "declared"


def test_a_group_label_between_a_lead_and_its_items_keeps_the_lead():
    # (en10, from batch 13: misses) "We collect …, including:" / "**Identity Information:**" / "- Profile photo"
    text = ("We collect information that you provide, including:\n\n**Identity Information:**\n\n"
            "- Full name\n- Profile photograph (optional)\n")
    assert _status(text, "photos_videos", "p.md") == "declared"
    # a label with no lead before it leads nothing
    assert _status("**Identity Information:**\n\n- Full name\n- Profile photograph\n", "photos_videos", "p.md") is None
    # a sentence ending in a colon is no group label: a denying lead before it ends at it
    deny = ("We do NOT:\n\n- Track your location\n- 3. Share your data\n\nYour data is kept safely:\n\n"
            "- Local Storage: settings are kept on your device\n")
    assert _status(deny, "storage", "p.md") != "denied"


def test_handling_said_in_capitals_a_not_collected_label_and_a_sign_in_picture_provided_by_google():
    # (en10, from batch 13) "NOT stored" reads like "not stored" (GUIDE n)
    assert _status("Audio files are NOT permanently stored on our servers.", "audio_files") is None
    # "Not collected:" leads a list of what is denied
    text = "Not collected: a password, your contacts or your precise location."
    assert _status(text, "contacts") == "denied" and _status(text, "location_precise") == "denied"
    # a picture the sign-in service provides is the account's
    assert _status("We collect your name and profile picture provided by the Google Sign-In service.",
                   "photos_videos") is None
    assert _status("We collect your name and the profile picture you upload.", "photos_videos") == "declared"


def test_a_permission_no_feature_needs_is_not_declared():
    # (en10, from batch 13 and the photo-picker wording of scoped storage) a negated lead is no "X permission:" label
    text = "Neither feature needs a storage permission: both go through the system's own pickers."
    assert _status(text, "storage") is None
    assert _status("Neither screen requires your location.", "location_precise") is None
    assert _status("Storage permission: to export your notes.", "storage") == "declared"
    assert _status("Only the export feature needs the storage permission.", "storage") == "declared"


# one sentence of our own per row of the per-term filter table, and the category the row keeps
# from being declared there
_FILTER_PROBES = {
    "approximate-only sentence": ("- Location data: approximate location (city) is collected to show local weather.\n",
                                  "location_precise", "p.md"),
    "fine-location permission alone": ("- ACCESS_FINE_LOCATION: we use your location to show where you are on the map.\n",
                                       "location_approximate", "p.md"),
    "location permission for radios only": ("- Location: required by Android for Bluetooth scans (not used for location)\n",
                                            "location_precise", "p.md"),
    "notification listener": ("- BIND_NOTIFICATION_LISTENER_SERVICE: to display notifications of your other apps on the "
                              "lock screen\n", "notifications", "p.md"),
    "photos the app takes": ("We take photos of your receipts. The photos are processed on your device.\n",
                             "photos_videos", "p.txt"),
    "sign-in avatar": ("We collect your profile picture from Google when you sign in.\n", "photos_videos", "p.txt"),
    "audio media files": ("The app reads media files on your device to trim your music.\n", "photos_videos", "p.txt"),
    "location from the IP address": ("We log your IP address, which may be used to estimate your general location.\n",
                                     "location_approximate", "p.txt"),
    "kind of file": ("We collect the attachment files (photos, voice recordings) you send to support.\n",
                     "microphone", "p.txt"),
    "someone else's software": ("If you follow a link, your browser may ask for access to your location.\n",
                                "location_precise", "p.txt"),
    "a capability the app does without": ("Camera access is not required to use the tuner.\n", "camera", "p.txt"),
    "X of a place": ("We collect the location of nearby charging stations to plan your route.\n",
                     "location_precise", "p.txt"),
    "a thing's details": ("When you pick a cafe, we store place details (name, address, rating, photos).\n",
                          "photos_videos", "p.txt"),
    "a photo's location tag": ("The picture is shrunk and its EXIF/location (GPS) metadata is removed before upload.\n",
                               "location_precise", "p.txt"),
    "the app's own data in storage": ("We use your phone's storage to cache the pages you read.\n", "storage", "p.txt"),
    "storage as the keeping of data": ("The processing and device storage of your data follow the law.\n",
                                       "storage", "p.txt"),
    "a location said to be GPS": ("The app reads your device's location (GPS) while you record a walk.\n",
                                  "location_approximate", "p.txt"),
    "Bluetooth among network details (zh)": ("我们会收集IP地址、WLAN接入点、蓝牙、基站信息。\n", "nearby_devices", "p.txt"),
    "cell towers among network details (zh)": ("我们会收集硬件型号、IP 地址、WLAN接入点、基站、软件版本号。\n",
                                               "location_approximate", "p.txt"),
    "SMS the user receives (zh)": ("您同意接收来自本平台的短信。\n", "sms", "p.txt"),
}


def test_every_row_of_the_term_filter_table_is_live(monkeypatch):
    """Each row of extract._TERM_FILTERS keeps its category from being declared on its probe, and
    the same probe declares it once that row alone is taken out (no row is dead or shadowed)."""
    import auditor.policy.extract as ex

    table = ex._TERM_FILTERS
    assert [f.name for f in table] == list(_FILTER_PROBES)
    for row in table:
        text, cid, name = _FILTER_PROBES[row.name]
        assert cid in row.drop and cid in row.when, row.name
        assert _status(text, cid, name) is None, row.name
        monkeypatch.setattr(ex, "_TERM_FILTERS", tuple(f for f in table if f is not row))
        assert _status(text, cid, name) == "declared", row.name
        monkeypatch.setattr(ex, "_TERM_FILTERS", table)


def test_an_icon_before_a_title_does_not_hide_what_the_title_says():
    text = "# Tuner\n\n## \U0001f512 Information We Do NOT Collect\n\n- Location data\n- Photos and videos\n"
    assert _status(text, "location_precise", "p.md") == "denied" and _status(text, "photos_videos", "p.md") == "denied"
    assert _status("# Tuner\n\n## \U0001f4cd Information We Collect\n\n- Location data\n", "location_precise", "p.md") == "declared"


def test_labels_under_a_title_that_names_one_permission_are_its_uses_not_more_permissions():
    text = "## Camera Permission (android.permission.CAMERA)\n\n- Mirror: live preview\n- Data Storage: frames are not saved\n"
    assert _status(text, "camera", "p.md") == "declared" and _status(text, "storage", "p.md") is None
    assert _status("## Storage Permission (Android)\n\n- When: only when you export\n", "storage", "p.md") == "declared"
    assert _status("## Permissions\n\n- Storage: to export your notes\n", "storage", "p.md") == "declared"


def test_more_idioms_of_not_keeping_not_needing_and_someone_elses_data():
    # "NOT" in capitals says how data is (not) kept, as "not" does (GUIDE n)
    assert _status("Audio files are NOT permanently stored on our servers.", "audio_files") is None
    # a picture the sign-in service provides is the account's
    assert _status("We collect your name and profile picture provided by the Google Sign-In service.", "photos_videos") is None
    assert _status("We collect the profile picture you pick from your gallery.", "photos_videos") == "declared"
    # a photo's EXIF location is the photo's
    assert _status("Hidden capture data such as location (EXIF) is removed.", "location_precise") is None
    # "neither ... needs" / "none of these ... requires"
    assert _status("None of these features requires access to your contacts.", "contacts") is None
    assert _status("Neither the camera nor the microphone is used, but we read your contacts to find friends.",
                   "contacts") == "declared"


def test_storage_space_the_app_needs_is_room_not_access_and_opening_files_reads_storage():
    # (en10, probes) how much room the app takes is no access to the shared storage
    assert _status("The app needs storage space of about 50 MB.", "storage") is None
    assert _status("Make sure your phone has enough storage space for downloads.", "storage") is None
    assert _status("The app requests access to the storage space of your phone.", "storage") == "declared"
    # opening or browsing files on the device reads it (like saving, a verb of the storage terms only)
    assert _status("The viewer can open PDF files stored on your phone.", "storage") == "declared"
    assert _status("You can browse the files on your device and pick one to import.", "storage") == "declared"
    assert _status("Open the storage settings to free space.", "storage") is None


def test_media_access_is_the_photo_library():
    # (en10, probes) Android's media permission under its plain name
    assert _status("The app needs media access to let you pick a wallpaper.", "photos_videos") == "declared"
    assert _status("The app does not need media access.", "photos_videos") != "declared"


def test_a_location_coarsened_to_a_city_or_taken_from_cell_towers_is_approximate():
    # (en10, probes; GUIDE l and the category table: cell or Wi-Fi based location is approximate)
    for text in ("We use your location at the city level to show local news.",
                 "We collect your location (city and country) for statistics.",
                 "The app uses Wi-Fi and cell towers to estimate your location."):
        assert _status(text, "location_approximate") == "declared", text
        assert _status(text, "location_precise") is None, text
    both = "We use GPS, Wi-Fi and cell towers to find your location."
    assert _status(both, "location_precise") == "declared" and _status(both, "location_approximate") == "declared"


def test_a_not_collected_label_denies_its_items_and_a_negated_phrase_is_no_permission_label():
    text = "Ads may process an advertising identifier. Not collected: a password, contacts, precise location, or payment data."
    assert _status(text, "contacts") == "denied" and _status(text, "location_precise") == "denied"
    assert _status("Location: Not collected.", "location_precise") == "denied"
    assert _status("Not collected by default: your location.", "location_precise") is None  # a condition (GUIDE o)
    assert _status("We collect your location, not collected by others.", "location_precise") == "declared"
    text = "Import reads a file through the picker. Neither feature needs a storage permission: both use the pickers."
    assert _status(text, "storage") is None
    assert _status("Storage permission: to export your notes.", "storage") == "declared"


def test_leads_and_values_that_say_the_app_goes_without_deny_or_declare_nothing():
    text = "This tuner does not use:\n\n- Location\n- Camera\n"
    assert _status(text, "location_precise", "p.md") == "denied" and _status(text, "camera", "p.md") == "denied"
    assert _status("This tuner uses:\n\n- Location\n", "location_precise", "p.md") == "declared"
    assert _status("Location \u2014 not collected. Contacts \u2014 not accessed.", "contacts") == "denied"
    for text, cid in (("Zero access to: contacts, SMS, call logs, location.", "contacts"),
                      ("The tuner requires no special permissions such as camera or location.", "location_precise"),
                      ("Permissions we might ask for in a future version: camera.", "camera"),
                      ("Unlike many apps that track your location, this tuner works offline.", "location_precise"),
                      ("Your camera is used by the system's scanner, not by this app.", "camera")):
        assert _status(text, cid) != "declared", text
    assert _status("The tuner requires the camera permission such as for scanning.", "camera") == "declared"
    assert _status("Unlike other apps, we collect your location only while you tune.", "location_precise") == "declared"


def test_music_on_the_device_that_the_app_plays_and_videos_it_edits_are_media_files():
    # (en10, probes) playing what is on the device reads it; editing photos or videos on it too
    assert _status("The app plays music stored on your phone.", "audio_files") == "declared"
    assert _status("The app lets you choose a ringtone from your device.", "audio_files") == "declared"
    assert _status("The app plays songs from our streaming catalogue.", "audio_files") is None
    assert _status("The app plays a sound when the timer ends.", "audio_files") is None
    assert _status("The app edits videos stored on your device.", "photos_videos") == "declared"
    assert _status("Images you share to the app are processed locally.", "photos_videos") == "declared"
    assert _status("We show images of the products in our shop.", "photos_videos") is None


def test_non_precise_location_is_approximate_and_a_media_library_or_imported_audio_is_media():
    # (en10, from batch 14) the ad-network boilerplate's "non-precise location (e.g., your zip code)"
    text = "Ad networks may obtain your non-precise location information (e.g., your zip code)."
    assert _status(text, "location_approximate") == "declared" and _status(text, "location_precise") is None
    # the media library the user imports from, and audio the user imports
    assert _status("- Photo / media library: to import media you select\n", "photos_videos", "p.md") == "declared"
    assert _status("We keep the photos and audio you capture or import.", "audio_files") == "declared"
    assert _status("The app records audio for your notes.", "audio_files") is None


def test_media_from_an_online_source_and_the_devices_free_space_are_not_device_data():
    assert _status("The tuner displays photos from NASA's public archive.", "photos_videos") is None
    assert _status("The tuner displays photos from your gallery.", "photos_videos") == "declared"
    assert _status("Crash logs may include the amount of free storage on your device.", "storage") is None
    assert _status("The tuner reads audio files from the storage on your device.", "storage") == "declared"


def test_coordinates_or_photos_of_a_place_and_the_place_where_servers_are_are_not_the_users():
    for text in ("Latitude and longitude of the cities you add are kept in the tuner.",
                 "The tuner shows photos of the museum and the location of each bus stop.",
                 "Your data is processed in the location where our servers are located."):
        for cid in ("location_precise", "photos_videos"):
            assert _status(text, cid) is None, (text, cid)
    assert _status("We record the GPS coordinates of your runs.", "location_precise") == "declared"
    assert _status("We collect your approximate, city-level location.", "location_approximate") == "declared"


def test_a_location_tagged_as_a_photos_metadata_is_not_the_users():
    assert _status("Before upload the picture's location (GPS) metadata is stripped.", "location_precise") is None
    assert _status("We read your location (GPS) to tag the photos you take.", "location_precise") == "declared"


def test_the_data_safety_label_files_and_docs_is_device_storage():
    # (en10, probes) the store's label for files, as "Device or other IDs" names device identifiers
    table = "| Data type | Collected |\n|---|---|\n| Files and docs | Yes |\n| Photos and videos | No |\n"
    assert _status(table, "storage", "p.md") == "declared" and _status(table, "photos_videos", "p.md") == "denied"
    assert _status("We collect files and docs you attach to support tickets.", "storage") == "declared"


def test_a_short_colon_label_inside_a_led_list_goes_on_with_the_list():
    text = "We automatically collect some technical data:\n\nDevice Information:\n\n- Model and OS version\n- Mobile device identifiers\n"
    assert _status(text, "device_id", "p.md") == "declared"
    assert _status("We never collect:\n\nDevice Information:\n\n- Mobile device identifiers\n", "device_id", "p.md") == "denied"
    assert _status("Things you can see:\n\nDevice Information:\n\n- Mobile device identifiers\n", "device_id", "p.md") is None
    # a title ends the list, and a label paragraph right after it starts a new one
    text = ("## We do NOT:\n\n- Track your location\n\n## 3. Data Storage\n\nYour data is kept safe:\n\n"
            "- Local Storage: settings are kept on your device\n")
    assert _status(text, "storage", "p.md") is None


def test_what_apps_in_general_or_an_unused_sdk_do_and_what_the_app_would_do_are_not_declared():
    for text, cid in (("Some Android apps request the SMS permission to read codes; this tuner does not.", "sms"),
                      ("For example, a weather app might use your location to show forecasts.", "location_precise"),
                      ("Crashlytics collects device identifiers and location. We do not use Crashlytics.", "device_id"),
                      ("We do not use any SDKs such as Google Maps that may collect your location.", "location_precise"),
                      ("If we ever used an ad SDK, it might collect your location.", "location_precise"),
                      ("Examples of sensitive permissions include camera, microphone and location.", "camera")):
        assert _status(text, cid) != "declared", text
    assert _status("Crashlytics collects device identifiers. We use Crashlytics to fix crashes.", "device_id") == "declared"
    assert _status("We use Firebase, whose SDK may collect your location.", "location_precise") == "declared"
    assert _status("Like many apps, we collect your location to show nearby stops.", "location_precise") == "declared"


def test_a_single_app_is_someone_elses_only_before_a_modal():
    assert _status("A companion app on your phone reads heart rate from the watch.", "sensors") == "declared"
    assert _status("Any app feature that uses the camera asks you first.", "camera") == "declared"
    assert _status("For example, a fitness app could read your heart rate.", "sensors") is None


def test_the_camera_roll_is_the_photo_library_and_the_keyboards_voice_input_is_the_keyboards():
    assert _status("The tuner reads your camera roll to pick a cover.", "camera") is None
    assert _status("The tuner reads your camera roll to pick a cover.", "photos_videos") == "declared"
    assert _status("You can dictate a title using your keyboard's voice input.", "microphone") is None
    assert _status("You can dictate a title using the tuner's voice input.", "microphone") == "declared"


def test_a_marked_or_worded_no_in_a_table_cell_or_label_value_denies():
    used = "| Permission | Used? |\n|---|---|\n| Camera | Scan codes |\n| Location | Not used |\n"
    assert _status(used, "location_precise", "p.md") == "denied" and _status(used, "camera", "p.md") == "declared"
    marked = "| Data | We collect? |\n|---|---|\n| Contacts | \u274c No |\n| Location | \u2705 Yes |\n"
    assert _status(marked, "contacts", "p.md") == "denied" and _status(marked, "location_precise", "p.md") == "declared"
    items = "- **Location:** \u274c Not collected\n- **Camera:** \u2705 used to scan codes\n"
    assert _status(items, "location_precise", "p.md") == "denied" and _status(items, "camera", "p.md") == "declared"


def test_what_the_app_store_records_is_not_the_apps_but_an_embedded_play_sdk_is():
    assert _status("When you install the tuner, the app store may record your device model and location.",
                   "location_precise") is None
    assert _status("Google Play Services may collect device identifiers used for ads.", "device_id") == "declared"


def test_the_flash_led_a_never_activated_camera_and_no_special_permissions_such_as_x():
    assert _status("The tuner can use your device's camera flash (LED) as a visual alert.", "camera") is None
    assert _status("Only the flash LED is used - the camera itself is never activated.", "camera") == "denied"
    assert _status("The tuner does not require any special permissions such as location or contacts.",
                   "location_precise") is None
    assert _status("The tuner does not require any special permissions such as location, or access to contacts, "
                   "calls or files.", "contacts") is None
    assert _status("The tuner requires permissions such as camera to scan codes.", "camera") == "declared"
    text = "We keep authentication information (Google user ID, name, email, profile image) to sign you in."
    assert _status(text, "photos_videos") is None
    assert _status("You can upload a profile image from your gallery.", "photos_videos") == "declared"


def test_the_apps_own_settings_cache_or_database_in_storage_is_not_the_shared_storage():
    # (en10, probes; GUIDE: not the app's own cache or local database)
    for text in ("The app saves your settings in the device's storage.",
                 "Your notes are kept in internal storage, which other apps cannot access."):
        assert _status(text, "storage") is None, text
    # ... unless the clause names what lands in the shared storage
    assert _status("The app caches downloaded maps on external storage.", "storage") == "declared"
    assert _status("The app needs the storage permission to export your settings.", "storage") == "declared"


def test_a_location_the_text_says_is_gps_is_the_precise_one():
    # (en10, from batches 4 and 10: walktracker, mooves; GUIDE l) a generic location qualified as GPS right after it
    for text in ("The app uses your device's location (GPS) only while you track a walk.",
                 "We collect location data: GPS coordinates for matching nearby players.\n"):
        assert _status(text, "location_precise", "p.md") == "declared", text
        assert _status(text, "location_approximate", "p.md") is None, text
    # a generic location mentioned beside GPS, not qualified by it, stays both (batch 11's bahiran_driver reading)
    both = "We collect location data, and the app uses GPS for navigation."
    assert _status(both, "location_approximate") == "declared" and _status(both, "location_precise") == "declared"


def test_not_used_by_this_app_and_no_use_of_declare_nothing():
    assert _status("Location services are not used by this app.", "location_precise") is None
    assert _status("The tuner makes no use of your location.", "location_precise") is None
    assert _status("Your location is never used for ads; we read it to show nearby stations.", "location_precise") == "declared"


def test_an_access_list_covers_each_of_its_items():
    # a generator template's idiom: the access cue leads a list of device features, and each item
    # is asked for, however far it sits from "access" (weak terms need an access cue near them)
    text = ("Our app might ask for access or permission to a few functions of your handset, including "
            "the handset's Bluetooth, calendar, camera, contacts, sensors, text messages and storage.")
    for cid in ("calendar", "camera", "contacts", "sensors", "storage"):
        assert _status(text, cid) == "declared", cid
    assert _status("We ask permission for some phone functions, e.g. your contacts and storage.", "contacts") == "declared"
    # a denial of the same list still denies
    assert _status("The app never asks for access to phone functions such as your contacts or storage.",
                   "contacts") == "denied"
    # what follows "such as" is a clause, not a list of features: its words are not asked for
    nfc = "The app needs NFC access to switch off payments briefly (such as when you pass a gate that checks barcodes)."
    assert _status(nfc, "camera") is None
    # without an access cue leading the list, a weak term still needs its own cue
    assert _status("Some phone functions, including your contacts and storage, are described below.", "contacts") is None


def test_gathers_is_a_collection_verb():
    assert _status("The tool gathers your location to show the local weather.", "location_precise") == "declared"
    assert _status("This app gathered the IP address of your handset.", "network_id") == "declared"
    assert _status("The app gathered no location at all.", "location_precise") == "denied"


def test_continuous_tracking_set_against_tracking_in_use_is_background_location():
    # a generator template's idiom (GUIDE, batch 15 judgement calls): tracking "either continuously
    # or only while you use the app" names background tracking; the cue may open the next comma clause
    text = ("We may ask your permission to track location-based details from your phone, either "
            "continuously or only while the app is open, to offer local services.")
    assert _status(text, "location_background") == "declared"
    assert _status(text, "location_precise") == "declared"
    assert _status("The app reads your location, in the background too.", "location_background") == "declared"
    # tracking during use only, and a background cue of another clause, are not
    assert _status("The app reads your location while you use it.", "location_background") is None
    assert _status("The app reads your location, but sync runs in the background.", "location_background") is None


def test_a_photo_gallery_named_as_the_devices_is_the_photo_library():
    # like "photo library": a template fill-in ("pictures from the camera and photo gallery of your phone")
    assert _status("We may collect pictures from your photo gallery.", "photos_videos") == "declared"
    assert _status("With your consent we may gather images from the camera and photo gallery of your handset.",
                   "photos_videos") == "declared"
    assert _status("We never access your gallery.", "photos_videos") == "denied"
    # a bare gallery is the app's own screen or collection
    assert _status("The app has a gallery of wallpapers you can browse.", "photos_videos") is None
    assert _status("Open the gallery screen to see your drawings.", "photos_videos") is None


def test_this_includes_before_a_colon_leads_the_list_of_what_was_collected():
    text = ("The app shows ads through an ad network. The network may gather data to tailor ads. This includes:\n\n"
            "- Rough location data\n- IP address\n")
    assert _status(text, "location_approximate", "p.md") == "declared"
    assert _status(text, "network_id", "p.md") == "declared"
    # a lead that names its own closed list keeps the items it lists (rule s): no umbrella reading
    closed = ("The support e-mail includes the following technical information about the device:\n\n"
              "- The app version\n- The device model\n")
    assert _status(closed, "device_id", "p.md") is None
    # the fields of a record the lead names are no data category
    assert _status("Each backup record includes:\n\n- Date\n- Duration\n", "location_approximate", "p.md") is None


def test_a_denied_microphone_permission_beats_a_feature_that_would_need_it():
    # GUIDE h infers the microphone from a feature only where the text does not say otherwise
    text = ("These terms cover our speech-to-text tool. The tool runs offline. No other permissions, "
            "for example microphone access, are required.")
    assert _status(text, "microphone") == "denied"
    # the microphone itself declared somewhere: the declaration stands
    named = ("Our speech-to-text tool listens through the microphone. No other permissions, "
             "for example camera access, are required.")
    assert _status(named, "microphone") == "declared"
    # a denial that does not name the microphone's access or permission leaves the feature's reading
    closed = "You can send voice messages to friends. The app never records through the microphone while it is closed."
    assert _status(closed, "microphone") == "declared"
    # a feature's word declares it, a denial of microphone access beats that; a microphone permission
    # the text requests names the microphone itself, and the declaration stands
    feature = "We collect your voice notes to transcribe them. No microphone access is required.\n"
    assert _status(feature, "microphone") == "denied"
    assert _status(feature + "\nThe app requests android.permission.RECORD_AUDIO.\n", "microphone") == "declared"


def test_a_line_break_of_the_html_source_is_a_space_between_english_words():
    # (en12, batch 17) a paragraph's source wrapped mid-phrase still reads as one phrase: the negation
    # "do / not" and the term "phone / number" across the break
    deny = "<p>We keep only an e-mail address. We do\n   not ask for or keep your phone\n number or your address book.</p>"
    assert _status(deny, "phone_number", "p.html") == "denied"
    assert _status(deny, "contacts", "p.html") == "denied"
    declare = "<p>Signing in needs your mobile\n  number; the app reads your address\nbook to find friends.</p>"
    assert _status(declare, "phone_number", "p.html") == "declared"
    assert _status(declare, "contacts", "p.html") == "declared"
    # a <br> still ends the line, and Chinese text around a source break is left as it was
    assert _status("<p>我们会访问您的通讯录\n以便推荐好友。</p>", "contacts", "p.html") == "declared"


def test_a_bulleted_line_of_plain_text_is_a_list_item():
    # (en12, batch 17) a permission list of a .txt policy: its items are read like Markdown's
    perms = ("Permissions:\nThe app needs these permissions:\n\n- Phone: to tell when a call ends.\n"
             "* Calendar: to add your shifts.\n• Storage: to save exported reports.\n")
    assert _status(perms, "phone_calls") == "declared"
    assert _status(perms, "calendar") == "declared"
    assert _status(perms, "storage") == "declared"
    # a bullet under a lead that names no permission or collection declares nothing
    other = "Our history:\n\n- Phone: we started as a phone repair shop.\n- Calendar: founded in 2019.\n"
    assert _status(other, "phone_calls") is None
    assert _status(other, "calendar") is None


def test_no_or_without_right_before_a_term_or_an_umbrella_denies_it():
    # (en12, batch 17) "no"/"without" scoped the specific terms but not the umbrellas: "with no device
    # identifiers" denied device_id and left the advertising ID vague
    assert _status("Bug reports carry the app version, with no device identifiers.", "advertising_id") == "denied"
    assert _status("Bug reports carry the app version, with no device identifiers.", "device_id") == "denied"
    # one qualifying word between "without" and the umbrella
    text = "We log the screen size and Android version without persistent identifiers."
    assert _status(text, "device_id") == "denied"
    assert _status(text, "advertising_id") == "denied"
    # "without" before a specific term
    assert _status("Diagnostics are uploaded without your precise location.", "location_precise") == "denied"
    # a sentence that starts with "Without" states a condition, and "without your consent" cancels a denial
    assert _status("Without location access, the map cannot centre on you.", "location_precise") != "denied"
    assert _status("We never read your contacts without your permission.", "contacts") is None
    # the umbrella is still vague where nothing negates it
    assert _status("We collect the screen size and other device identifiers.", "advertising_id") == "vague"


def test_plural_network_addresses_contact_number_and_identification_numbers_are_terms():
    # (en12, batch 17) the plural of an address, the sign-up form's word for the user's number and
    # "identification numbers" for identifiers
    assert _status("The app never collects IP addresses or MAC addresses.", "network_id") == "denied"
    assert _status("Visitors' IP addresses are collected to stop abuse.", "network_id") == "declared"
    assert _status("To register we ask for your name and a contact number.", "phone_number") == "declared"
    assert _status("Questions? Please call our contact number during office hours.", "phone_number") is None
    assert _status("The SDK may collect device identification numbers.", "device_id") == "declared"


def test_storage_named_as_a_way_of_handling_data_is_not_the_device_storage():
    # (en12, batch 17; the idioms "storage and retention", "processing and storage" were excluded one by one)
    for text in ("External storage/retention of the records is up to your administrator.",
                 "We use retention and external storage of account data as described below.",
                 "The processing and device storage of your data follow the law.",
                 "Your data is protected; still, no method of electronic storage, including local device storage, "
                 "can be guaranteed to be completely secure.",
                 "No method of transmission over the Internet, or of electronic storage, is 100% secure."):
        assert _status(text, "storage") is None, text
    # the device's storage named with files the app reads or writes stays declared
    assert _status("The app needs storage access to save exported files.", "storage") == "declared"
    assert _status("We read files from external storage and use them for backups.", "storage") == "declared"
    assert _status("Reports are saved to external storage; we use encryption for transmission.", "storage") == "declared"


def test_a_list_lead_covers_every_item_and_its_access_cue_covers_a_bare_label():
    # (en12, batch 17) an item's full stop ended the list (the second item was no longer led), and a
    # bare "Contacts" label needed its access cue in the item itself
    text = ("The app reads the following on your phone:\n\n"
            "- Call history: to list recent calls.\n- Contacts: to put names next to numbers.\n"
            "- Calendar: to add reminders.\n")
    assert _status(text, "call_log", "p.md") == "declared"
    assert _status(text, "contacts", "p.md") == "declared"
    assert _status(text, "calendar", "p.md") == "declared"
    # a lead with no access cue leaves a bare label alone ("Storage: ..." as a topic of how data is kept)
    topic = "Here is what we collect:\n\n- Usage counts: kept for a week.\n- Storage: records stay on our server.\n"
    assert _status(topic, "storage", "p.md") is None
    # a paragraph after the list ends it
    after = ("The app reads the following on your phone:\n\n- Call history: to list recent calls.\n\n"
             "Contacts: write to us at any time.\n")
    assert _status(after, "contacts", "p.md") is None


def test_what_another_service_passes_on_is_not_read_from_the_device():
    # (en12, batch 17; the session-23 row read only a profile picture "from Google" so: broadened to any
    # term listed as what those services pass on, for the photo library and the address book)
    text = ("You may sign in with an account of another provider. We then receive details from that "
            "provider, such as your e-mail, friends list, contact list and profile photo.")
    assert _status(text, "contacts") is None
    assert _status(text, "photos_videos") is None
    # the app's own reading of the address book stays declared
    assert _status("We receive your contact list from your phone when you tap Sync.", "contacts") == "declared"
    assert _status("The app reads your contact list to find friends.", "contacts") == "declared"


def test_a_numbered_item_title_then_its_text_are_both_covered_by_the_lead():
    # (en12, batch 17) "4. Context Details. ... location information (GPS data)": the title sentence was
    # led, its text was not, and the first item's full stop ended the list
    text = ("What the study app records on your phone:\n\n"
            "1. Install ID. A random number made at install. It carries no name.\n"
            "2. Surroundings. Light levels and location information (GPS data).\n")
    assert _status(text, "location_precise") == "declared"
    assert _status(text, "location_precise", "p.md") == "declared"
    # a numbered title after the list is no item of it
    titled = ("If you open the map:\n\n- Tiles are loaded from the map provider.\n\n## 6. Location data\n\n"
              "Your walks stay on the phone.\n")
    assert _status(titled, "location_approximate", "p.md") is None
    # a later sentence of an item that is no title is not led ("... are switched off" declares nothing)
    off = "The app keeps:\n\n- Settings: your theme. Advertising ID and Android ID are switched off.\n"
    assert _status(off, "advertising_id", "p.md") is None


def test_a_weak_term_joined_to_a_term_that_needs_no_cue_is_read_like_it():
    # (en12, batch 17) "your call logs / contacts": the bare "contacts" needed an access cue of its own
    assert _status("To block spam we analyse your call history / contacts on our server.", "contacts") == "declared"
    assert _status("The backup copies your SMS, contacts and call history.", "contacts") == "declared"
    # alone, or joined to nothing that is read without a cue, it still needs its cue
    assert _status("We collect your name and contacts.", "contacts") is None
    assert _status("Our contacts and office hours are listed below.", "contacts") is None
    # the hyphenated memory card
    assert _status("The app asks for access to your SD-Card to save recordings.", "storage") == "declared"


def test_a_space_between_chinese_and_latin_inside_a_term_is_the_same_term():
    # developers' Markdown policies put a space between Chinese and Latin ("IP 地址", "设备 ID")
    assert _status("我们会收集您的 IP 地址,用于安全风控。", "network_id") == "declared"
    assert _status("我们会收集设备 ID,用于统计活跃设备。", "device_id") == "declared"
    assert _status("本应用会申请 SD 卡权限,用于保存图片。", "storage") == "declared"
    # the space does not make a term out of words that are not one
    assert _status("我们会记录 IP 之外的其他地址信息,用于配送。", "network_id") is None
    assert _status("请输入设备名称后点击 ID 按钮。", "device_id") is None


def test_a_chinese_not_plus_verb_denies_on_its_own():
    # "不收集" / "不使用" carry their verb: the policy denies what follows
    assert _status("本应用不收集位置信息。", "location_precise") == "denied"
    assert _status("我们不收集您的通讯录。", "contacts") == "denied"
    assert _status("广告追踪:不使用广告 ID 或跨应用追踪。", "advertising_id") == "denied"
    # "不主动收集" is a denial, not a declaration
    assert _status("本应用不主动收集您的姓名、联系方式、位置信息等个人身份信息。", "location_precise") == "denied"
    # what the user does not use is no denial; a condition cancels it (GUIDE: not a denial)
    assert _status("如您不使用位置信息功能,我们将无法为您推荐附近的商家。", "location_precise") is None
    assert _status("未经您的同意,我们不收集您的通讯录。", "contacts") is None
    # the denial covers its clause: the restrictive clause after it still declares
    assert _status("我们不采集您的位置信息,仅读取相册中您选择的照片。", "photos_videos") == "declared"


def test_receiving_an_sms_code_is_not_reading_sms_but_receiving_sms_is():
    # the phone number's purpose list: the user receives the code (the "接收" is part of the phrase)
    assert _status("· 手机号:用于注册/登录、接收短信验证码、识别账号。", "sms") is None
    assert _status("我们收集您的手机号,用于接收验证码短信。", "sms") is None
    # the app receiving or reading SMS still declares it
    assert _status("本应用会接收和发送短信,用于短信备份。", "sms") == "declared"
    assert _status("我们会申请接收短信权限,用于读取短信验证码。", "sms") == "declared"
    assert _status("您在接收到该等短信之后,本应用会读取其中的验证码。", "sms") == "declared"


def test_a_file_the_user_picks_imports_or_backs_up_declares_storage_in_chinese():
    # GUIDE t, in Chinese: file access for a file the user chooses, a backup read or written where the user says
    assert _status("文件访问:仅在你主动选择导入密钥文件时,针对你选定的文件使用。", "storage") == "declared"
    assert _status("本应用会在你选择的位置读写备份文件。", "storage") == "declared"
    assert _status("我们会读取您选择的文件,用于生成 PDF。", "storage") == "declared"
    # a backup the service keeps on its servers is not the device's storage
    assert _status("我们会定期在服务器上保存备份文件。", "storage") is None
    assert _status("我们的备份文件存放在云端机房。", "storage") is None


def test_push_overlay_and_ip_address_by_their_other_chinese_names():
    # the push permission and a push service of the app (GUIDE e) ...
    assert _status("推送权限:如您需要接收我们发送的通知消息,请开启推送权限。", "notifications") == "declared"
    assert _status("我们使用第三方推送服务,及时向您发送订单状态。", "notifications") == "declared"
    # ... not content chosen for the user, the usual personalisation template
    assert _status("为向您提供更符合您个性化需求的信息展示、搜索及推送服务,我们会根据您的浏览记录提取偏好特征。",
                   "notifications") is None
    assert _status("本应用会为您推送感兴趣的内容。", "notifications") is None
    # the overlay permission by Android's Chinese label of what it does
    assert _status("本应用需要显示在其他应用的上层,用于小窗播放。", "overlay") == "declared"
    assert _status("小窗播放时,应用将会申请悬浮于其他应用之上的权限。", "overlay") == "declared"
    # the IP address by its full name, as translated policies write it
    assert _status("日志数据可能包括您的设备互联网协议(“IP”)地址、设备名称。", "network_id") == "declared"
    assert _status("我们遵守互联网协议相关的技术标准。", "network_id") is None


def test_a_line_break_between_chinese_characters_in_an_html_paragraph_is_no_space():
    html = "<html><body><p>\n    这个日志数据可能包括您的设备互联网\n    协议地址,设备名称。\n</p></body></html>"
    assert _status(html, "network_id", "p.html") == "declared"
    wrapped = "<html><body><p>我们会收集您的位置\n信息,用于推荐附近的门店。</p></body></html>"
    assert _status(wrapped, "location_precise", "p.html") == "declared"
    # a line break between Latin words stays a space: two words, no new term made
    latin = "<html><body><p>We keep the device\nID of the paired watch only.</p></body></html>"
    assert "deviceID" not in read_policy(latin.encode(), "p.html").text
    mixed = "<html><body><p>我们会收集您的设备\nID,用于统计。</p></body></html>"
    assert "设备ID" not in read_policy(mixed.encode(), "p.html").text  # (Chinese then Latin: left as it was)


def test_a_short_chinese_label_line_leads_its_value_on_the_next_line():
    # an SDK list written as label lines, each value on the line after its label
    sdk = ("某推送SDK\n第三方名称:\n某公司\n收集个人信息类型:\n设备标识符、网络信息\n"
           "隐私政策链接:\nhttps://example.com/privacy\n")
    assert _status(sdk, "device_id") == "declared"
    # a label without a verb leads nothing; nor does a long sentence ending in a colon over a plain line
    assert _status("个人信息类型:\n设备标识符、网络信息\n", "device_id") is None
    assert _status("本政策中的个人信息是指以电子方式记录的各种信息,我们将其中的部分列举如下:\n设备标识符等\n",
                   "device_id") is None


def test_identifiers_of_other_things_and_the_network_state_are_no_device_umbrella_in_chinese():
    # an app's, a database's or an account's identifier is not the device's (as in English)
    assert _status("我们会收集应用标识符、应用程序版本。", "device_id") is None
    assert _status("所选数据库标识符存储在云端,用于执行同步。", "device_id") is None
    # a bare identifier stays the vague umbrella; the device's own is declared
    assert _status("我们会收集唯一标识符。", "device_id") == "vague"
    assert _status("我们会收集您的设备标识符。", "device_id") == "declared"
    # whether the phone is online is no network identifier (GUIDE table: network type alone is absent)
    assert _status("本应用会获取网络状态,用于判断是否联网。", "network_id") is None
    assert _status("我们会收集您的网络信息。", "network_id") == "vague"


def test_location_as_a_factor_and_call_records_of_a_support_request_are_no_collection():
    # the template caveat: practices differ with the device model, version or where the user is
    caveat = "同时,取决于您所使用的设备机型、服务版本或所在位置等因素,特定产品如何收集您的个人信息可能有所不同。"
    assert _status(caveat, "location_precise") is None
    assert _status("我们会收集您的所在位置,用于推荐附近的门店。", "location_precise") == "declared"
    # records of a support request (calls with the company) are not the phone's call log (GUIDE table)
    support = "基于您使用云服务而产生的咨询记录、报障记录和排障过程(如通信或通话记录),我们将记录、分析这些信息。"
    assert _status(support, "call_log") is None
    assert _status("我们会读取您的通话记录,用于识别骚扰电话。", "call_log") == "declared"


def test_a_permission_table_row_named_by_the_generic_location_is_precise_and_approximate():
    table = "隐私政策\n\n权限名称\t使用目的\t调用时机\n位置\t推荐附近的服务\t打开附近页面时\n"
    assert _status(table, "location_precise") == "declared"
    assert _status(table, "location_approximate") == "declared"
    md = "# 隐私政策\n\n| 权限名称 | 使用目的 |\n| --- | --- |\n| 定位权限 | 显示附近门店 |\n"
    assert _status(md, "location_approximate", "p.md") == "declared"
    # GUIDE (l): a row that names the precise location is precise only
    fine = "# 隐私政策\n\n| 权限名称 | 使用目的 |\n| --- | --- |\n| 精确位置 | 导航 |\n"
    assert _status(fine, "location_precise", "p.md") == "declared"
    assert _status(fine, "location_approximate", "p.md") is None


def test_software_hardware_characteristics_and_device_data_are_the_device_umbrella():
    # GUIDE (f): the template's "软硬件特征信息" is vague for the identifiers, never installed apps
    tpl = "本应用自动接收并记录您的信息,包括但不限于您的浏览器类型、软硬件特征信息等数据。"
    assert _status(tpl, "device_id") == "vague"
    assert _status(tpl, "installed_apps") is None
    # "设备数据" is "device data": its denial denies the identifiers it covers
    assert _status("本应用不会收集、存储或使用任何形式的个人信息或设备数据。", "device_id") == "denied"
    # other data is not the umbrella
    assert _status("我们会收集您的运动数据,用于生成报告。", "device_id") is None


def test_android_chinese_permission_labels_in_a_list_declare_their_data():
    lst = "隐私政策\n\n本应用需要获取以下权限:\n- 读取短信\n- 查看WLAN连接\n- 发现已知账号\n"
    assert _status(lst, "sms") == "declared"  # (the term holds its own access cue)
    assert _status("隐私政策\n\n本应用需要获取以下权限:\n- 读取短信\n- 录音\n", "sms") == "declared"
    assert _status(lst, "network_id") == "declared"  # ACCESS_WIFI_STATE (GUIDE zh batch 1)
    assert _status(lst, "accounts") == "declared"  # GET_ACCOUNTS
    # a bare "短信" still needs its cue: the service texting the user is not reading SMS
    assert _status("隐私政策\n\n我们会通过以下方式联系您:\n- 短信\n- 电话\n", "sms") is None


def test_chinese_did_not_and_need_not_deny_instead_of_declaring():
    # these read as declarations before: the negation was not a cue
    assert _status("本应用并未收集您的位置信息。", "location_precise") == "denied"
    assert _status("本应用无需获取位置权限。", "location_precise") == "denied"
    assert _status("本应用未申请任何麦克风权限。", "microphone") == "denied"
    assert _status("本应用不申请通讯录权限。", "contacts") == "denied"
    assert _status("本应用不需要获取您的位置信息。", "location_precise") == "denied"
    # ... not a denial when what "need not" is done is the user's, and the app collects
    assert _status("我们会收集您的位置信息,您不需要另行设置。", "location_precise") == "declared"
    # what the user does not do denies nothing
    assert _status("如您未使用位置功能,我们将无法为您推荐附近的商家。", "location_precise") is None
    assert _status("用户未使用相机功能时,相关权限保持关闭。", "camera") is None


def test_a_permission_list_after_a_colon_declares_each_permission():
    # the GUIDE's own example, and purposes in brackets
    assert _status("我们可能会申请以下权限:相机、存储。", "storage") == "declared"
    both = "App 会申请以下权限:相机(扫码、识别)、存储(保存图片)、通知(提醒)。"
    assert _status(both, "notifications") == "declared"
    assert _status(both, "storage") == "declared"
    # a list with no category term of its own is still read
    assert _status("我们可能会申请以下权限:存储、通知。", "notifications") == "declared"
    # how to turn them off, or a denial, is no declaration
    assert _status("您可以在系统设置中关闭以下权限:存储、通知。", "storage") is None
    assert _status("本应用不会申请以下权限:存储、通知。", "storage") in (None, "denied")
    # a purpose after the colon names no permission
    assert _status("相关权限:用于提供服务。", "storage") is None


def test_this_permission_after_a_short_title_is_the_permission_the_title_names():
    text = ("隐私政策\n\n8.悬浮于其他应用之上\n当您使用小窗视频播放功能时,应用将会申请此权限。\n"
            "9.存储\n下载文件时,我们会申请该权限。\n10.通讯录\n您可以随时在系统设置中关闭此权限。\n"
            "11.麦克风\n本应用不会申请此权限。\n")
    assert _status(text, "overlay") == "declared"
    assert _status(text, "storage") == "declared"
    # how to turn it off, or a denial, declares nothing
    assert _status(text, "contacts") is None
    assert _status(text, "microphone") != "declared"
    # a long paragraph before is no title of the permission
    long_prev = ("隐私政策\n\n我们非常重视您的通讯录等个人信息的安全,并将按照法律法规的要求采取相应的保护措施。\n"
                 "当您使用邀请功能时,应用将会申请此权限。\n")
    assert _status(long_prev, "contacts") is None


def test_if_the_app_did_request_a_permission_is_a_hypothetical():
    hypo = "若本应用在运行时向系统申请了必要的设备权限(如存储、传感器等),该权限仅用于保障应用基本功能的正常运行。"
    assert _status(hypo, "storage") is None
    assert _status(hypo, "sensors") is None
    # a condition on what the user does is a declaration (the feature needs it)
    assert _status("当您使用扫码功能时,我们会申请相机权限。", "camera") == "declared"
    assert _status("如您同意,我们申请了相机权限后即可为您扫码。", "camera") == "declared"


def test_the_chinese_app_list_templates_and_the_device_or_software_umbrella():
    # the security template: installed apps and running processes (GUIDE f, i)
    sec = "为了预防恶意程序及安全运营所必需,我们会收集安装的应用信息或正在运行的进程信息。"
    assert _status(sec, "installed_apps") == "declared"
    # the usage template: other apps the user used, and how (installed_apps and usage_stats)
    use = "我们会收集有关您曾使用的移动应用(APP)和其他软件的信息,以及您曾经使用该等移动应用和软件的信息。"
    assert _status(use, "installed_apps") == "declared"
    assert _status(use, "usage_stats") == "declared"
    # GUIDE f: the device or the software used to reach the service is not other apps
    dev = "日志信息包括设备或软件信息,例如您的移动设备、网页浏览器所提供的配置信息。"
    assert _status(dev, "installed_apps") is None
    assert _status(dev, "device_id") == "vague"  # ... it is the device-information umbrella
    # software on the device without a list stays vague
    vague = "我们会调取您的设备以及您设备中其它应用软件中记载的信息。"
    assert _status(vague, "installed_apps") == "vague"


def test_audio_video_files_push_features_and_the_macs_chinese_full_name():
    media = "我们可能会收集您的手机号、音视频文件等个人信息。"
    assert _status(media, "audio_files") == "declared"  # GUIDE (a): both kinds
    assert _status(media, "photos_videos") == "declared"
    assert _status("本APP的登录/推送功能使用第三方SDK。", "notifications") == "declared"  # GUIDE (e)
    assert _status("我们会为您提供个性化推送功能,推荐您感兴趣的内容。", "notifications") is None
    assert _status("您可以在设置中关闭推送功能。", "notifications") is None
    mac = "我们会收集国际移动设备身份识别码(IMEI)、网络设备硬件地址(MAC)。"
    assert _status(mac, "network_id") == "declared"
    assert _status("我们的网络设备均放置在安全的机房。", "network_id") is None


def test_a_profile_picture_is_a_photo_from_the_device_in_chinese_as_in_english():
    assert _status("我们可能会收集个人信息,例如您的姓名、电子邮件地址和个人资料图片。", "photos_videos") == "declared"
    assert _status("您可以上传头像照片。", "photos_videos") == "declared"
    # the profile itself (its text fields) is no photo
    assert _status("我们会保存您填写的个人资料。", "photos_videos") is None


def test_a_chinese_line_break_inside_a_data_term_joins_the_lines():
    wrapped = "隐私政策\n\n为了提供服务,我们会收集您的设备互联网\n协议地址和位置\n信息。\n"
    for name in ("p.txt", "p.md"):
        assert _status(wrapped, "network_id", name) == "declared"
        assert _status(wrapped, "location_precise", name) == "declared"
    # short lines that cut no term stay lines of their own (a label and its value)
    label = "隐私政策\n\n权限名称:相机\n用于扫描二维码\n"
    assert "相机用于" not in read_policy(label.encode(), "p.txt").text


def test_a_contact_phone_number_the_user_gives_is_a_phone_number():
    assert _status("下单时,我们会收集收货人姓名、收货地址、收货人联系电话。", "phone_number") == "declared"
    # the company's hotline, with no collection, is none
    assert _status("如有疑问,请联系我们。联系电话:400-000-0000。", "phone_number") is None


def test_a_chinese_denial_of_uploading_or_storing_is_no_denial_of_reading():
    # GUIDE n/t: how data is handled does not say it is not read
    assert _status("本应用不会上传您的照片。", "photos_videos") is None
    assert _status("本应用不会存储您的位置信息。", "location_precise") is None
    # a denial of collecting, with handling verbs beside it, still denies
    assert _status("本应用不会收集、存储或上传您的位置信息。", "location_precise") == "denied"


def test_a_bare_storage_listed_among_device_capabilities_is_the_storage_permission():
    sdk = "某语音SDK用于语音识别,可能会调取用户的唯一设备识别码、麦克风、存储、用户音频。"
    assert _status(sdk, "storage") == "declared"
    assert _status("我们会调用您的相机、存储、麦克风。", "storage") == "declared"
    # "存储" among verbs is keeping data on servers; a denial covers the list
    assert _status("我们会收集、存储、使用您的位置信息。", "storage") is None
    assert _status("我们会在服务器中存储、处理您的照片。", "storage") is None
    assert _status("本应用不会调用您的相机、存储。", "storage") is None


def test_a_bare_contacts_word_listed_among_device_capabilities_is_the_address_book():
    # zh batch 12's canxiu: an SDK's list of what it collects
    sdk = "涉及个人信息:设备标识符、MAC地址、软件安装列表、位置、联系人、通话记录、日历、短信、本机电话号。"
    assert _status(sdk, "contacts") == "declared"
    # a contact person is not the address book: a name, a phone number, an emergency contact
    assert _status("您需要填写联系人姓名、服务地址以及手机号码。", "contacts") is None
    assert _status("我们会收集您的姓名、联系人、手机号码。", "contacts") is None
    assert _status("请填写紧急联系人、通话记录。", "contacts") is None
    assert _status("本应用不会读取您的通话记录、联系人。", "contacts") != "declared"


def test_this_apps_usage_is_not_usage_access_but_the_permission_is():
    # the app's own usage in a log list (GUIDE table: the use of THIS app is not usage_stats)
    assert _status("日志信息包括应用使用情况,频次与时长。", "usage_stats") is None
    assert _status("我们会收集下载、安装某应用的人数等反应应用使用情况的数据。", "usage_stats") is None
    # the usage-access permission, and the other apps' usage, are
    assert _status("本应用需要使用情况访问权限,用于统计各应用的使用时长。", "usage_stats") == "declared"
    assert _status("我们会获取其他应用的使用情况,用于生成屏幕时间报告。", "usage_stats") == "declared"


def test_a_chinese_umbrella_with_a_closed_list_in_brackets_covers_only_the_list():
    # GUIDE: "设备信息(设备型号、操作系统版本)" covers only the list
    assert _status("我们会收集您的设备信息(设备型号、操作系统版本)。", "device_id") is None
    closed_ids = "我们会收集您的设备信息(IMEI、MAC地址)。"
    assert _status(closed_ids, "device_id") == "declared"
    assert _status(closed_ids, "advertising_id") is None
    # an open list stays vague for what it does not name
    assert _status("我们会收集您的设备信息(设备型号、操作系统版本等)。", "device_id") == "vague"
    assert _status("我们会收集您的设备信息(例如设备型号、系统版本)。", "device_id") == "vague"
    assert _status("我们会收集您的设备信息(包括但不限于设备型号、IMEI)。", "advertising_id") == "vague"


def test_a_request_in_the_withdraw_section_still_lists_the_permissions():
    text = ("# 隐私政策\n\n## 权限撤回\n\n本应用在提供服务的过程中,可能需要您开通一些设备权限,例如通知、相册、相机、存储权限。"
            "您可以在设备的设置中随时关闭部分或者全部权限。\n")
    assert _status(text, "camera", "p.md") == "declared"
    assert _status(text, "storage", "p.md") == "declared"
    # how to turn them off, alone, declares nothing (GUIDE)
    off = "# 隐私政策\n\n## 权限撤回\n\n您可以在设置中关闭相机、存储权限。\n"
    assert _status(off, "camera", "p.md") is None


def test_a_storage_read_write_label_in_a_permission_list_declares_storage():
    text = "隐私政策\n\n1. 应用权限\n相机:用于扫码\n存储读写:用于消息和设置项\n2. 其他\n"
    assert _status(text, "storage", "p.md") == "declared"
    # a lone label line with no list around it stays a sentence of its own
    assert _status("隐私政策\n\n存储读写:由系统管理\n", "storage", "p.md") is None


def test_the_camera_permission_named_in_a_publishing_sentence_is_still_the_camera():
    text = ("1. 相机权限您可以选择开启系统的相机权限,通过使用拍照功能授权我们访问您的相机,"
            "以便于您通过拍摄照片的方式发布内容,我们会收集您选择上传发布的上述信息。")
    assert _status(text, "camera") == "declared"
    # media in what the user publishes, with no permission or access named, stays content
    assert _status("您通过本平台发布的照片、视频等内容的知识产权归您所有。", "camera") is None
    assert _status("我们会展示您发布的内容(图片、视频)。", "camera") is None


def test_the_items_of_a_chinese_definition_list_are_the_definition():
    # GUIDE: "本隐私政策中涉及的个人信息包括: … 通讯录 …" is a scope list, not a declaration
    text = ("# 隐私政策\n\n本政策中涉及的个人信息包括：\n\n1.基本信息（姓名、生日）；\n\n"
            "2.设备信息（包括硬件型号、IMEI）；\n\n3.其他信息（包括通讯录、浏览记录）。\n\n"
            "我们会收集您的手机号码。\n")
    assert _status(text, "contacts", "p.md") is None
    assert _status(text, "device_id", "p.md") is None
    assert _status(text, "phone_number", "p.md") == "declared"  # the list ended
    # the same items after a collection lead are declarations
    led = text.replace("本政策中涉及的个人信息包括", "我们会收集您的以下信息")
    assert _status(led, "contacts", "p.md") == "declared"
    assert _status(led, "device_id", "p.md") == "declared"


def test_a_chinese_line_with_a_bracket_still_open_goes_on_in_the_next_line():
    text = "我们会收集您的设备信息（包括设备型号、唯一设备识别码（如IMEI/android\nID/IDFA））。\n"
    r = read_policy(text.encode(), "p.txt")
    assert "android ID/IDFA" in r.text
    assert r.categories["advertising_id"].status == "declared"
    # a line whose brackets are closed ends where it ends
    r2 = read_policy("我们会收集您的设备型号（型号）\nIMEI的用途说明如下。\n".encode(), "p.txt")
    assert "型号)\n" in r2.text or "型号）\n" in r2.text


def test_a_numbered_label_item_in_a_chinese_collection_section_is_collected():
    # the common "日志信息。…我们可能会自动收集相关信息…" / "(1)设备信息:如…" form: the section
    # title's verb leads the label items, with a paragraph between the title and the items
    text = ("# 隐私政策\n\n## 1、我们可能收集的信息\n\n1.2.1 日志信息。当您使用我们的服务时,相关信息会被存储为服务日志信息。\n\n"
            "(1)设备信息:如设备型号、唯一设备标识符、设备加速器(如重力感应设备)等。\n\n(2)软件信息:如软件的版本号。\n")
    assert _status(text, "device_id", "p.md") == "declared"
    assert _status(text, "sensors", "p.md") == "declared"
    # the same items in a section that is not about collecting, or that denies it, declare nothing
    for title in ("## 3、信息安全", "## 2、我们不会收集的信息", "## 第一部分 定义"):
        other = text.replace("## 1、我们可能收集的信息", title)
        assert _status(other, "device_id", "p.md") is None, title
    # an item that is not a label ("(1)设备型号的说明") is not led by the title
    plain = text.replace("(1)设备信息:如", "(1)关于")
    assert _status(plain, "device_id", "p.md") is None


def test_the_sensitive_information_reminder_is_a_risk_not_a_collection():
    warn = ("请注意,您在使用我们的服务时所提供、上传或发布的内容和信息(例如有关您的照片、通讯录、地理位置等信息),"
            "可能会泄露您的敏感个人信息。")
    assert _status(warn, "contacts") is None
    assert _status(warn.replace("敏感个人信息", "个人敏感信息"), "contacts") is None
    # a collection sentence of the same words is still one
    assert _status("我们会收集您上传的通讯录信息,用于好友推荐。", "contacts") == "declared"


def test_a_chinese_scope_sentence_with_no_subject_is_a_definition():
    # "个人信息包括:基础信息(…);通讯录;…" says what personal information is (GUIDE: a scope list)
    scope = ("## 我们如何收集您的个人信息\n\n您在使用我们的产品功能时收集的信息\n\n"
             "个人信息包括:基础信息(含姓名、生日);个人身份信息(身份证);通讯录;个人常用设备信息(包括硬件序列号、IMEI)\n")
    assert _status(scope, "contacts", "p.md") is None
    assert _status(scope, "device_id", "p.md") is None
    assert _status(scope.replace("个人信息包括", "注意,个人信息包括"), "contacts", "p.md") is None
    # with a subject that collects, the same list is declared
    led = scope.replace("个人信息包括", "我们收集的个人信息包括")
    assert _status(led, "contacts", "p.md") == "declared"


def test_locating_the_user_is_reading_the_location():
    assert _status("本应用在您进入部分页面时,会通过GPS信号/Wi-Fi对用户进行定位。", "location_precise") == "declared"
    assert _status("我们会通过GPS定位您的位置,以展示附近的门店。", "location_approximate") == "declared"
    # the verb counts for location terms only, and a bare mention of 定位 still needs a verb
    assert _status("我们会为您定位问题原因并回复。", "location_precise") is None
    assert _status("您可以在系统设置中关闭定位。", "location_precise") is None


def test_we_do_something_through_your_data_uses_it():
    # "我们通过您…的X,确认…": the app uses X, so it reads it
    assert _status("我们通过您移动设备的唯一序列号,确认您与您的账户的对应关系。", "device_id") == "declared"
    # the user doing something through their own device is not the app reading it
    assert _status("您可以通过您的设备设置关闭定位权限。", "location_precise") is None
    assert _status("您通过您的设备序列号在官网查询保修。", "device_id") is None


def test_the_mobile_apps_you_use_template_names_installed_apps():
    # GUIDE (f) read against CA4P: "有关您使用的移动应用和其他软件的信息" names apps on the device
    assert _status("我们会收集有关您使用的移动应用和其他软件的信息。", "installed_apps") == "declared"
    # this app's own version, or the software used to reach the service, is not
    assert _status("我们会收集您使用的本应用的版本号。", "installed_apps") is None


def test_the_usage_access_permission_under_its_other_names():
    assert _status("我们会申请获取您的设备的使用记录访问权限,用于统计屏幕时间。", "usage_stats") == "declared"
    # the user's own records in the app are not usage access
    assert _status("我们会保存您的订单使用记录。", "usage_stats") is None


def test_a_cell_tower_item_beside_a_generic_location_does_not_coarsen_it():
    listed = "本应用会记录用户地理位置信息、WIFI信息、基站信息等。"
    assert _status(listed, "location_precise") == "declared"
    assert _status(listed, "location_approximate") == "declared"
    # the cell towers as the location's source still make it approximate only
    assert _status("我们会通过基站获取您的位置信息。", "location_precise") is None
    assert _status("我们会通过IP地址、WiFi或基站等途径获取您的地理位置信息。", "location_precise") is None
    assert _status("我们会通过基站获取您的位置信息。", "location_approximate") == "declared"


def test_the_audio_and_video_devices_of_a_class_are_the_camera_and_microphone():
    text = "上课时需要开启您的音视频设备,以便老师与您互动。"
    assert _status(text, "camera") == "declared"
    assert _status(text, "microphone") == "declared"
    # headphones and screens are audio / video devices too: the bare words are not
    assert _status("您可以使用蓝牙耳机等音频设备收听课程。", "microphone") is None
    assert _status("您可以将视频投屏到电视等视频设备。", "camera") is None


def test_examples_of_what_a_negated_verb_names_are_not_declared():
    # the negation's own object, its examples further back than a few words: not declared
    # (neither denied: "use" / "process" / "share" are no denial verbs, as in "we do not use your location")
    assert _status("We do not use or process any personal data such as your location or contacts.", "contacts") is None
    assert _status("Our app doesn't process any information, for example your contacts or photos.", "photos_videos") is None
    assert _status("The app never shares any identifiers with advertisers, e.g. your device ID.", "device_id") is None
    assert _status("The widget does not use sensitive data like your location.", "location_approximate") is None
    # a denial verb still denies them
    assert _status("We do not collect any sensitive information, such as your contacts.", "contacts") == "denied"
    # the user's own negation, or a clause of its own before the examples, leaves them declared
    assert _status("If you do not want us to use information such as your location, turn it off.",
                   "location_approximate") == "declared"
    assert _status("We don't sell data, but we collect information such as your location.", "location_approximate") == "declared"
    assert _status("We do not sell data. We collect information such as your location.", "location_approximate") == "declared"


def test_personal_information_from_the_device_is_no_device_information():
    # the user's personal data kept on the phone (files, contacts), not data about the phone:
    # denying it denies no identifier, naming it declares none
    assert _status("The app does not collect any personal information from your device.", "device_id") is None
    assert _status("We gather personal information from your device, such as your name.", "device_id") is None
    # information from the device itself stays the device-information umbrella
    assert _status("We do not collect any information from your device.", "device_id") == "denied"
    assert _status("We collect information from your device to fix crashes.", "device_id") == "vague"


def test_a_profile_picture_from_a_social_sign_up_is_the_accounts():
    # a sign-up through a social account earlier in the sentence, or what the text says the
    # social-login information holds: the picture comes from the account, not the device
    assert _status("If you register through Facebook, we receive your name, email address and profile picture.",
                   "photos_videos") is None
    assert _status("When you sign up with a social network, we collect your name and profile photo.",
                   "photos_videos") is None
    assert _status("The information we receive varies with the social network you pick, but often includes "
                   "your name and profile picture.", "photos_videos") is None
    # a profile picture the user uploads stays declared
    assert _status("You may upload a profile photo from your gallery.", "photos_videos") == "declared"
    assert _status("If you register, you can upload a profile photo from your gallery.", "photos_videos") == "declared"


def test_audio_recorded_in_the_passive_is_the_microphone():
    assert _status("Sound is recorded only while you hold the talk button.", "microphone") == "declared"
    assert _status("Audio is only recorded when you tap the red button.", "microphone") == "declared"
    # as in the active voice: a "no" denies it, and audio the app does not record names nothing
    assert _status("No audio is recorded by this app.", "microphone") == "denied"
    assert _status("Audio is never recorded.", "microphone") is None


def test_no_photos_taken_or_captured_denies_no_photo_library():
    # taking or capturing pictures is the camera's work, as storing them is handling:
    # "No pictures are ..." with those verbs neither denies nor declares the photo library
    assert _status("No pictures or clips are captured by the widget.", "photos_videos") is None
    assert _status("No pictures are taken in the background.", "photos_videos") is None
    # a "No ..." with a reading verb still denies it
    assert _status("No pictures are accessed by the widget.", "photos_videos") == "denied"


def test_a_second_predicate_after_and_is_not_under_the_negation():
    # "does not <verb> <object> and collects ...": a second, positive predicate
    assert _status("The tool does not display banners and collects your location for nearby stops.",
                   "location_approximate") == "declared"
    assert _status("We do not rent data and access your contacts only to find friends.", "contacts") != "denied"
    # "do not <verb> and <verb>" shares the negation; a word between cue and verb does too
    assert _status("We do not rent and collect your location.", "location_approximate") == "denied"
    assert _status("We do not knowingly collect your contacts.", "contacts") == "denied"


def test_neither_nor_denies_and_without_asking_is_a_condition():
    assert _status("Neither your position nor your contacts are gathered.", "contacts") == "denied"
    assert _status("Neither the widget nor our backend reads your contacts.", "contacts") == "denied"
    # a second predicate after "but" is not under it
    assert _status("Neither we nor our partners access your contacts, but the tool reads your photos.",
                   "photos_videos") == "declared"
    # "without asking you first" is a condition, as "without your consent" is: no denial
    assert _status("The widget will not access your camera without asking you first.", "camera") is None
    assert _status("The widget will not access your camera.", "camera") == "denied"


def test_a_denied_purpose_denies_no_data():
    # GUIDE: "does not access X to share it" denies only a purpose: neither declared nor denied
    assert _status("The widget does not read your contacts to rent them out.", "contacts") is None
    assert _status("We do not gather your position or contacts for ad targeting.", "contacts") is None
    assert _status("Your contacts are never accessed for marketing purposes.", "contacts") is None
    # without a purpose it is a denial
    assert _status("The widget does not read your contacts.", "contacts") == "denied"


def test_a_clause_with_a_noun_subject_ends_a_denial():
    # "…, and <noun> are <verb>ed": a clause of its own, not under the denial before it
    assert _status("We do not gather analytics, and your contacts are only read to suggest friends.",
                   "contacts") == "declared"
    # without a verb of its own the noun is one more item of the denial
    assert _status("We do not gather analytics, your position, or your contacts.", "contacts") == "denied"


def test_other_negation_cues_deny():
    assert _status("At no time does the widget gather your contacts.", "contacts") == "denied"
    assert _status("Under no circumstances will we access your contacts.", "contacts") == "denied"
    assert _status("We make no attempt to read your contacts.", "contacts") == "denied"
    assert _status("None of your contacts are accessed.", "contacts") == "denied"
    # a purpose or a handling after them is no denial of the data (as after "not")
    assert _status("At no time do we access your contacts to sell them.", "contacts") is None


def test_what_the_app_is_unable_to_do_is_denied():
    assert _status("We are not able to access your contacts.", "contacts") == "denied"
    assert _status("The widget app is unable to read your contacts.", "contacts") == "denied"


def test_an_english_verb_inside_a_latin_name_in_chinese_text_is_no_verb():
    # (zt3, from zh batch 5) "shared secret", "access token": a Latin name inside a Chinese
    # sentence, not an English clause, so it does not make a bare list a collection
    assert _status("- 密钥文件:shared secret、账户名、设备 ID。\n", "device_id", "p.md") is None
    assert _status("会话凭据(access token / refresh token)、设备 ID。", "device_id") is None
    # a Chinese verb still declares, and an English sentence in a Chinese document still reads
    assert _status("我们会收集 shared secret、设备 ID。", "device_id") == "declared"
    assert _status("隐私政策\nWe collect your device ID.\n", "device_id") == "declared"
    # (an English list opener inside Chinese text still opens its list)
    assert _status("我们需要设备信息(e.g. IMEI)。", "device_id") == "declared"


def test_a_chinese_negation_with_a_space_after_its_emphasised_negator_still_denies():
    # (zt3, from zh batch 5) Markdown "**不** 会收集" leaves "不 会收集" in the text
    md = "# 信息收集\n\n本应用**不** 会收集您设备上的任何个人信息,包括但不限于:\n\n- 您的姓名或位置信息。\n"
    assert _status(md, "location_precise", "p.md") == "denied"
    assert _status("本应用不 会读取您的通讯录。", "contacts") == "denied"
    # a space after a negating character is not a negation when no cue follows it
    assert _status("如果您选择不 同意,我们会收集您的位置信息。", "location_precise") == "declared"


def test_a_chinese_location_the_brackets_call_gps_is_precise_only():
    # (zt3, from zh batch 5) GUIDE l in Chinese: "位置信息(设备的 GPS 坐标)", "(经纬度)"
    for text in ("使用天气功能时,我们会收集您的位置信息(设备的 GPS 坐标)。", "我们会获取您的定位信息（经纬度）。"):
        assert _status(text, "location_precise") == "declared"
        assert _status(text, "location_approximate") is None
    # a bracket that names other sources too, or no bracket, keeps the generic location both
    assert _status("我们会收集您的位置信息(GPS、基站)。", "location_approximate") == "declared"
    assert _status("我们会收集您的位置信息,用于天气。", "location_approximate") == "declared"


def test_a_schedule_or_an_online_calendar_is_not_the_device_calendar():
    # (zt3, from zh batch 5; GUIDE c) an online service's calendar and the app's own schedules
    lead = "本应用可能会收集以下信息:\n\n"
    assert _status(lead + "- 电子邮箱地址(用于 Google 日历同步)\n", "calendar", "p.md") is None
    assert _status(lead + "- 日程标题、开始时间(保存在设备本地)\n", "calendar", "p.md") is None
    assert _status("我们会收集您创建的日程。", "calendar") is None
    # the device's calendar or schedule, its permission, or writing to it, still declares
    assert _status("我们会读取您的日历,用于提醒。", "calendar") == "declared"
    assert _status("我们会在您授予日程的系统权限后,读取您的日程。", "calendar") == "declared"
    assert _status("我们会访问您手机中的日程,用于提醒。", "calendar") == "declared"


def test_sending_a_notice_by_no_named_channel_is_not_a_device_notification():
    # (zt3, from zh batch 5; GUIDE e) the policy-change notice and a notice by any channel
    assert _status("如本政策有重大变更,我们将在变更前发布公告或直接向您发送通知来告知您。", "notifications") is None
    assert _status("我们会通过电子邮件发送通知,说明本政策的具体变更内容。", "notifications") is None
    # a notice posted on the device, or the push notification, is still declared
    assert _status("本应用会使用手机通知栏发送通知,用于提醒您服药。", "notifications") == "declared"
    assert _status("我们会使用推送通知向您提醒待办事项。", "notifications") == "declared"


def test_a_label_item_under_a_sub_title_of_a_collection_title_is_collected():
    # (zt3, from zh batch 5) "一、我们收集的信息" / "1. 基本个人信息" / "- 设备信息:…": the outline
    # title leads the label items of its numbered sub-titles
    md = ("# 一、我们收集的信息\n\n## 1. 基本个人信息\n\n- 账号信息:用户名\n- 设备信息:设备型号、唯一设备标识符\n\n"
          "## 2. 功能信息\n\n- 定位信息:所在城市\n")
    assert _status(md, "device_id", "p.md") == "declared"
    # not under an outline title that collects nothing, nor a label item under a sharing title
    other = md.replace("一、我们收集的信息", "一、我们共享的信息")
    assert _status(other, "device_id", "p.md") is None
    deny = md.replace("一、我们收集的信息", "一、我们不会收集的信息")
    assert _status(deny, "device_id", "p.md") != "declared"


def test_a_chinese_title_that_denies_denies_the_items_under_it():
    # (zt3, from zh batch 5) "2.2 我们不收集的信息" / "- 位置信息" / "- 通讯录信息"
    md = "## 2.1 我们收集的信息\n\n- 您输入的问题\n\n## 2.2 我们不收集的信息\n\n- 位置信息\n- 通讯录信息\n"
    assert _status(md, "location_precise", "p.md") == "denied"
    assert _status(md, "contacts", "p.md") == "denied"
    # a title of the consent exceptions, or one with a condition, denies nothing
    exc = "## 收集个人信息无需征得您授权同意的情形\n\n- 与国家安全有关的\n- 通讯录信息\n"
    assert _status(exc, "contacts", "p.md") is None
    cond = "## 未经您同意我们不会收集的信息\n\n- 通讯录信息\n"
    assert _status(cond, "contacts", "p.md") != "denied"


def test_a_chinese_denial_of_asking_for_or_tracking():
    # (zt3, from zh batch 5) "不索取…权限", "不会在后台追踪您的位置": the app denies asking or tracking
    assert _status("除此之外,本应用不索取定位、通讯录或其他敏感权限。", "contacts") == "denied"
    assert _status("本应用绝不会追踪您的位置。", "location_precise") == "denied"
    assert _status("本应用不会请求通讯录权限。", "contacts") == "denied"
    # what the user does not ask for is no denial by the app; asking is still a declaration
    assert _status("如您不请求客服回电,我们会读取您的通讯录。", "contacts") == "declared"
    assert _status("我们会追踪您的位置,用于运动轨迹。", "location_precise") == "declared"


def test_video_and_audio_devices_named_as_a_pair_are_the_camera_and_microphone():
    # (zt3, from zh batch 4; the zt2 leftover) "开启视频、音频等硬件设备" is "音视频设备" written as a pair
    for text in ("互动课程上课时需要开启视频、音频等硬件设备。", "上课时需要开启您的音频和视频设备。"):
        assert _status(text, "camera") == "declared"
        assert _status(text, "microphone") == "declared"
    # one of them alone stays what it was (a screen or headphones are such devices too)
    assert _status("您可以使用蓝牙耳机等音频设备收听课程。", "microphone") is None
    assert _status("您可以将视频投屏到电视等视频设备。", "camera") is None


def test_a_bluetooth_address_or_item_among_network_details_is_a_network_identifier():
    # (zt3, from zh batch 4; GUIDE table and rule b) "蓝牙MAC" is an address; a bare "蓝牙" item of
    # a list of network details, with no location or connection wording near it, is a network detail
    ids = "我们会收集设备标识信息:IMEI、硬件序列号、OAID、蓝牙MAC。"
    assert _status(ids, "network_id") == "declared"
    assert _status(ids, "nearby_devices") is None
    net = "我们会收集网络设备硬件地址(MAC地址)、IP 地址、WLAN接入点(如SSID,BSSID)、蓝牙(Bluetooth)、基站。"
    assert _status(net, "nearby_devices") is None
    assert _status(net, "network_id") == "declared"
    # Bluetooth that connects devices, or a Bluetooth permission, is still nearby devices
    assert _status("我们会使用蓝牙连接您的手环,并收集IP地址。", "nearby_devices") == "declared"
    assert _status("我们会申请蓝牙权限,用于连接打印机。", "nearby_devices") == "declared"


def test_a_cell_tower_item_among_network_details_is_not_the_users_location():
    # (session 27, from zh batch 11's first contact; GUIDE rule b) a bare "基站" item of a device
    # list, beside network identifiers and with no location word near it, is a network detail
    device = "为了保障服务安全,我们会收集您的硬件型号、国际移动设备识别码、IP 地址、WLAN接入点、基站、软件版本号。"
    assert _status(device, "location_approximate") is None and _status(device, "location_precise") is None
    assert _status(device, "network_id") == "declared"
    assert _status("我们会收集您的设备信息,包括IP地址、WLAN接入点(如SSID,BSSID)、基站信息。", "location_approximate") is None
    # where the location comes from, or a list under a location word, is still location
    assert _status("我们会收集您的位置信息(GPS、基站、WLAN)。", "location_approximate") == "declared"
    assert _status("我们会收集您的IP地址、基站信息用于定位。", "location_approximate") == "declared"
    assert _status("我们通过基站获取您的位置。", "location_approximate") == "declared"
    # ... and a bare "基站" with no network identifier beside it is not a list of network details
    assert _status("我们会收集您的基站信息。", "location_approximate") == "declared"


def test_locating_a_fault_is_not_locating_the_user():
    # (session 27, from zh batch 11's first contact) "错误定位", "定位和修复应用问题": debugging
    for text in ("友盟SDK用于错误定位和问题修复,会收集设备型号。", "为了快速定位和修复应用问题,我们会收集错误日志。",
                 "我们会收集崩溃日志,用于故障定位。"):
        assert _status(text, "location_precise") is None and _status(text, "location_approximate") is None, text
    assert _status("我们会收集您的定位信息,用于修复导航问题。", "location_precise") == "declared"


def test_a_closed_list_in_the_next_cell_or_after_the_colon_is_all_an_umbrella_covers():
    # (zt3, from zh batch 4; GUIDE: a closed list covers only itself) "设备信息 | 设备型号、操作系统版本 |"
    table = "| 信息类型 | 具体内容 |\n|---|---|\n| 设备信息 | 设备型号、操作系统版本、应用版本 |\n"
    assert _status(table, "advertising_id", "p.md") is None
    assert _status("我们会收集设备信息:设备型号、操作系统版本。", "network_id") is None
    # an open list ("等", "包括") stays vague for what it does not name
    assert _status("我们会收集设备信息:设备型号、操作系统版本等。", "network_id") == "vague"
    assert _status(table.replace("应用版本", "应用版本等"), "advertising_id", "p.md") == "vague"


def test_the_device_information_permission_written_with_de():
    # (zt3, from zh batch 4; GUIDE batch 4: "申请访问您的设备信息的权限" is READ_PHONE_STATE)
    assert _status("我们将会申请访问您的设备信息的权限。", "phone_calls") == "declared"
    # the device information itself stays the umbrella
    assert _status("我们将会收集您的设备信息。", "phone_calls") is None


def test_an_export_with_no_stated_place_is_not_storage():
    # (zt3; zh batch 5's settled second reading) exporting a file, no place or permission named
    assert _status("你可以从应用中导出账户文件。请妥善保管导出的文件。", "storage") is None
    assert _status("请妥善保管与分享导出文件。", "storage") is None
    # a place on the device, the permission, or a file the user imports still declares it
    assert _status("导出的文件会保存到您的手机存储中。", "storage") == "declared"
    assert _status("我们会读取您导入的文件,用于恢复数据。", "storage") == "declared"


def test_a_markdown_post_whose_body_is_an_html_page_is_read_as_html():
    # (zt3, from zh batch 4) a site generator's post: YAML front matter, then a word processor's
    # HTML export whose tags span lines ("<span\n style=…>") - read as HTML, not as Markdown lines
    page = ("---\ntitle: 隐私政策\n---\n<html>\n<body>\n<p><span\n style=\"font-family: 宋体\"\n"
            ">我们会收集您的设备序列号、软件安装列表;</span\n></p>\n</body>\n</html>\n")
    doc = read_policy(page.encode(), "post.md")
    assert doc.categories["installed_apps"].status == "declared"
    assert "<span" not in doc.categories["installed_apps"].evidence[0].quote
    # a Markdown post with front matter stays Markdown
    assert _status("---\ntitle: x\n---\n# 隐私政策\n\n我们会收集您的软件安装列表。\n", "installed_apps", "p.md") == "declared"


def test_the_shared_storage_under_its_chinese_names_is_storage():
    # (zt3, from zh batch 4) "读写您设备的公共区域": Android's shared storage
    assert _status("我们需要您授权我们可以读写您设备的公共区域,用于保存安装包。", "storage") == "declared"
    assert _status("我们会将导出的图片保存到手机的公共目录。", "storage") == "declared"
    # a public area that is no place on the device is not
    assert _status("我们会在公共区域张贴告示。", "storage") is None


def test_chinese_voice_files_are_audio_files_not_the_microphone():
    # (zt3, from CA4P tune) "语音导出文件", "语音文件": files of recorded voice on the device
    assert _status("本应用需要读取您手机中的QQ语音导出文件。", "microphone") is None
    assert _status("本应用需要读取您手机中的QQ语音导出文件。", "audio_files") == "declared"
    # voice input and voice messages are still the microphone
    assert _status("我们会收集您的语音信息,用于语音搜索。", "microphone") == "declared"


def test_a_unique_user_identifier_is_the_identifier_umbrella():
    # (zt3; GUIDE batch 5: "唯一用户标识符" is rule t's identifier umbrella)
    assert _status("我们会收集您的唯一用户标识符和您的位置。", "device_id") == "vague"
    # an application's or an account's identifier is still not
    assert _status("我们会收集您的账号标识符。", "device_id") is None
    assert _status("我们会收集应用标识符。", "device_id") is None


def test_the_apps_present_or_used_template_names_installed_apps_and_usage():
    # (zt3; GUIDE, zh batch 5's settled second reading)
    text = '我们会收集有关设备的信息,例如浏览器类型以及有关移动设备上存在或使用"应用"的信息。'
    assert _status(text, "installed_apps") == "declared"
    assert _status(text, "usage_stats") == "declared"
    # this app's own use is neither
    assert _status("我们会收集您对本应用的使用情况。", "usage_stats") is None


def test_a_device_information_title_is_the_umbrella_of_the_open_list_under_it():
    # (zt3; the "heading over its list" leftover, GUIDE zh batch 2's call) "5. 设备与日志信息" /
    # "可能收集设备型号、操作系统版本、IP 地址等"
    md = "## 5. 设备与日志信息\n\n为保障服务安全,可能收集设备型号、操作系统版本、网络状态、IP 地址等。\n"
    assert _status(md, "device_id", "p.md") == "vague"
    assert _status(md, "network_id", "p.md") == "declared"
    # a closed list under it names only itself; a title that is no umbrella adds nothing
    assert _status(md.replace("IP 地址等", "IP 地址"), "device_id", "p.md") is None
    assert _status(md.replace("设备与日志信息", "日志信息"), "device_id", "p.md") is None


def test_the_install_permission_written_with_app():
    # (session 27, from zh batch 11's first contact) "安装app权限" is REQUEST_INSTALL_PACKAGES, as "安装应用" is
    assert _status("4. 安装app权限:app应用更新。", "install_packages") == "declared"
    assert _status("我们会申请应用安装权限,用于版本更新。", "install_packages") == "declared"
    # ... the user installing the app is not
    assert _status("您安装APP后即可使用我们的服务。", "install_packages") is None


def test_a_place_the_user_gives_or_a_safe_place_for_backups_is_not_the_users_location():
    # (session 27, from English batch 26's first contact) an appointment's "location chosen by the
    # user" is what the user types; "export ... to a safe location" is where a backup goes
    assert _status("We sync an appointment to your calendar, transmitting only the date, title and location "
                   "chosen by the user.", "location_precise") is None
    assert _status("Keep backups by exporting them to a safe location.", "location_precise") is None
    assert _status("We store the location you enter for each event.", "location_approximate") is None
    # the user's own location is still declared
    assert _status("We collect your location to show nearby clinics.", "location_precise") == "declared"


def test_notifications_the_app_sends_are_declared_with_their_cue():
    # (session 27; GUIDE, English batches 22 and 25: notifications the app posts about reminders
    # are `notifications`) the app's own verbs for them, the weak term still needing its cue
    assert _status("The app sends you reminder notifications.", "notifications") == "declared"
    assert _status("We provide notifications and reminders for your medication.", "notifications") == "declared"
    # a notice of changes, or by e-mail, is no device notification (GUIDE e)
    assert _status("We may send you a notification about changes to this policy.", "notifications") is None
    assert _status("We will send you notifications by email.", "notifications") is None


def test_a_negative_lead_in_a_permissions_section_denies_its_items():
    # English batch 29's doctell: "### Permissions Used" / "The App may request:" / items /
    # "The App does **not** request access to:" / "- Microphone": the second list is what it does not ask for
    text = ("### f. Permissions Used\nThe App may request:\n- **Read external storage** - needed to open PDF files\n\n"
            "The App does **not** request access to:\n- Microphone  \n- Camera  \n- Contacts  \n- Location  \n")
    for cid in ("microphone", "camera", "contacts", "location_precise"):
        assert _status(text, cid, "p.md") == "denied", cid
    assert _status(text, "storage", "p.md") == "declared"
    # the items of a positive lead in the same section still name permissions the app requests
    both = "## Permissions\n\nThe app requests:\n\n- Camera: to scan codes\n\nThe app does not request:\n\n- Contacts\n"
    assert _status(both, "camera", "p.md") == "declared" and _status(both, "contacts", "p.md") == "denied"
