/// Word lists for the generated corpus and rules. Written by hand for this benchmark (no
/// external corpus is reachable): common function words, news vocabulary by topic, and the
/// building blocks of a long tail of proper names, for several scripts.
enum Vocabulary {
    /// English function words, most frequent first (they make up about half of running text).
    static let englishFunction: [String] = """
        the of and to a in that is for on it with as was he be by at from his this are an have \
        but not they which or has had been were their its one will would there we who all also \
        after more than when can about into out up over new said her she them some other two \
        could these only first what him if no because most while many such then before where \
        between under during against since both through those three both however still last \
        our very same each few any own even back well much just may might must should
        """.split(separator: " ").map(String.init)

    /// English news vocabulary, roughly by frequency.
    static let englishContent: [String] = """
        government people year president minister country state officials military war police \
        security week city report forces attack talks leaders region support party election \
        million percent company market prices economy bank world group days months national \
        international foreign capital border troops defense defence army navy missile missiles \
        weapons weapon aid sanctions trade deal agreement ceasefire peace conflict crisis \
        protest protests court law parliament vote voters campaign spokesman statement \
        ministry agency council committee summit meeting visit delegation envoy ambassador \
        embassy treaty alliance nuclear energy oil gas pipeline exports imports tariffs \
        inflation growth budget debt investors shares stocks bonds currency dollar euro \
        technology software chips semiconductor satellite launch test tests drills exercise \
        exercises fighter jets drones drone strike strikes airstrike shelling artillery tanks \
        soldiers civilians casualties wounded killed dead refugees humanitarian relief \
        hospital doctors health virus outbreak vaccine climate flood floods earthquake \
        storm wildfire drought heat emissions carbon renewable solar wind power grid \
        electricity shortage supply supplies supplied supplying shipment shipments cargo \
        port ports shipping vessel vessels tanker coast guard fishing waters island islands \
        province district village villages town capital residents local regional federal \
        prime opposition ruling coalition reform reforms policy policies bill legislation \
        investigation prosecutors charges arrested arrest detained trial sentence prison \
        corruption bribery fraud scandal resignation cabinet reshuffle chancellor governor \
        mayor senator lawmakers congress senate assembly speaker general commander chief \
        officer intelligence spy espionage hackers cyber cyberattack ransomware data \
        privacy platform network internet social media online users accounts posts \
        video footage images photos interview analysts experts researchers scientists \
        university study survey poll results figures numbers rate rates interest central \
        federal reserve quarter annual profit losses revenue jobs unemployment workers \
        strike union wages factory factories production manufacturing industry industrial \
        automotive electric vehicles batteries lithium mining minerals copper steel \
        aluminium wheat grain corn rice food fuel diesel gasoline fertilizer farmers \
        harvest exports importers smuggling trafficking migrants migration asylum \
        deportation visa visas passport tourists tourism airline airport flights \
        railway bridge tunnel construction infrastructure project projects investment \
        loan loans funding package billion trillion donors pledge pledged lethal \
        special battalion brigade regiment division unit units frontline offensive \
        counteroffensive advance retreat withdrawal occupation annexation referendum \
        sovereignty territory territorial dispute disputed claims rights human activists \
        journalists reporters press freedom censorship broadcast television radio \
        newspaper editor editorial opinion warned warns warning said says told added \
        announced confirmed denied rejected accused criticised criticized condemned \
        welcomed praised signed agreed approved launched fired seized captured \
        reported according expected planned proposed considering discuss discussed \
        negotiations negotiators mediator mediation hostages prisoners exchange release \
        released tension tensions escalation provocation provocative threat threats \
        retaliation response emergency evacuation evacuated shelter blackout outage
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Real place and people names that news text mentions often (Latin script).
    static let englishNames: [String] = """
        Ukraine Russia China Korea Japan Taiwan India Pakistan Iran Israel Gaza Syria Iraq \
        Turkey Egypt Germany France Britain Poland Italy Spain Brazil Mexico Canada \
        Australia Indonesia Vietnam Philippines Thailand Nigeria Ethiopia Kenya Sudan \
        Yemen Lebanon Jordan Qatar Saudi Arabia Emirates Kyiv Moscow Beijing Seoul \
        Pyongyang Tokyo Taipei Delhi Tehran Jerusalem Cairo Berlin Paris London Warsaw \
        Brussels Washington Geneva Vienna Ankara Kharkiv Odesa Donetsk Crimea Kursk \
        Belgorod Zaporizhzhia Kherson Mariupol Bakhmut Avdiivka Luhansk Sevastopol \
        Putin Zelensky Biden Trump Xi Jinping Kim Jong Un Yoon Suk Yeol Kishida Modi \
        Erdogan Netanyahu Macron Scholz Sunak Starmer Tusk Meloni Lula Shoigu Lavrov \
        Blinken Austin Stoltenberg Rutte Guterres Kremlin Pentagon NATO Hamas Hezbollah \
        Houthis Wagner Gazprom Rosneft Samsung Hyundai Toyota Huawei TSMC Nvidia Apple \
        Google Microsoft Amazon Tesla Boeing Airbus Lockheed Raytheon Rheinmetall
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// German, French and Spanish words with diacritics (mixed into Latin-script articles).
    static let europeanWords: [String] = """
        Regierung Außenminister Bundeswehr Sicherheit Straße Verhandlungen Waffenlieferungen \
        Kanzler Präsident Grüne Flüchtlinge Größe Behörden Überfall Ölpreis für über \
        gouvernement ministre sécurité armée défense élection réfugiés négociations accord \
        économie président côté français étrangères frappé Élysée été déjà \
        gobierno ministro seguridad elecciones niños año señal acuerdo economía presidente \
        también según política países región
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let russian: [String] = """
        и в не на что с по как это он к из за то о от но его для все так же вы бы она уже \
        россия россии москва москвы украина украины киев путин кремль правительство министр \
        президент армия войска ракеты ракета оружие санкции переговоры заявил заявила сообщил \
        сообщили официальный представитель граница безопасности военные удар удары обстрел \
        нефть газ экономика рубль доллар банк выборы партия депутаты суд власти регион \
        области город жители ёлка учения флот северная корея кндр пхеньян сеул китай пекин \
        японии токио сша вашингтон нато союзники поставки помощь беспилотники дроны
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let greek: [String] = """
        και το η ο της του των στην στο με για από που δεν θα είναι ένα μια κυβέρνηση \
        υπουργός πρόεδρος Αθήνα Ελλάδα Τουρκία Κύπρος στρατός άμυνα εκλογές οικονομία \
        τράπεζα πολιτική Ευρώπη συμφωνία διαπραγματεύσεις ασφάλεια σύνορα πλοία νησιά
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let arabic: [String] = """
        في من على إلى أن عن مع هذا التي الذي قال وزير الرئيس الحكومة الدولة الجيش القوات \
        الأمن غزة إسرائيل لبنان سوريا العراق إيران مصر السعودية قطر الإمارات اليمن موسكو \
        روسيا أوكرانيا الصين واشنطن المفاوضات وقف إطلاق النار الصواريخ الطائرات المسيرة \
        النفط الغاز الاقتصاد الانتخابات البرلمان اللاجئين المساعدات الإنسانية مُوسْكُو
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let hebrew: [String] = """
        של את על עם זה לא הוא היא כי אם גם ירושלים ישראל הממשלה השר ראש צבא ביטחון \
        עזה חמאס לבנון איראן טילים תקיפה מלחמה בחירות כנסת כלכלה בנק שקל משא ומתן
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Chinese words (written without spaces).
    static let chinese: [String] = """
            的 了 在 是 和 有 对 也 将 与 中国 北京 美国 俄罗斯 乌克兰 朝鲜 北韩 韩国 日本 台湾 \
            政府 外交部 国防部 总统 主席 总理 部长 发言人 表示 会谈 谈判 军队 军事 导弹 发射 \
            试验 演习 武器 援助 制裁 贸易 关税 经济 市场 银行 人民币 美元 增长 能源 石油 天然气 \
            半导体 芯片 技术 公司 企业 投资 安全 边境 冲突 战争 和平 协议 选举 人民 城市 地区 \
            记者 报道 消息 今天 昨天 周一 周二 去年 今年 问题 国际 合作 发展 支持 反对 关系
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Japanese words (written without spaces).
    static let japanese: [String] = """
            の に は を が と で た し て 日本 東京 政府 首相 大臣 防衛省 北朝鮮 ミサイル 発射 \
            ロシア ウクライナ 中国 韓国 アメリカ 米国 経済 円 株価 市場 選挙 自民党 会談 \
            協議 制裁 支援 安全保障 自衛隊 演習 台風 地震 エネルギー 半導体 企業 発表 報道
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let korean: [String] = """
            북한 북한은 북한이 북한의 미사일 미사일을 발사 발사했다 한국 정부 대통령 국방부 \
            서울 평양 러시아 우크라이나 중국 일본 미국 군사 훈련 합동 제재 경제 시장 \
            선거 국회 장관 발표 회담 협상 안보 동맹 병력 파병 특수부대 전쟁 무기 지원 \
            이날 오늘 지난 대한 관련 위해 통해 있다 했다 밝혔다 따르면
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let thai: [String] = """
            ที่ และ ใน ของ การ ได้ ว่า ให้ เป็น มี รัฐบาล นายกรัฐมนตรี รัสเซีย ยูเครน จีน \
            สหรัฐ กองทัพ ทหาร ขีปนาวุธ เศรษฐกิจ การเลือกตั้ง กรุงเทพ ชายแดน กัมพูชา พม่า
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Syllables for synthetic proper names (people, places, companies), per script.
    static let latinSyllables: [String] = """
        ka ro vel din mar to sen li an ber gor ska vic na zu hal pet ri ov ko sha mir tan \
        el da lo gan ul ris ta mon ver ash quin fel dor bro len sto ya nik ram ham il os \
        ter ben ju kov bas mi rad zel ga po wen cha lu fer nes tor vin sal cor
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let cyrillicSyllables: [String] = """
        ка ро вел дин мар то сен ли ан бер гор ска вич на зу хал пет ри ов ко ша мир тан \
        ел да ло ган ул рис та мон вер ёл ин сто я ник рам
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let hangulSyllables: [String] = """
        김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 전 홍 민 준 서 연 지 우 현 수 영 호 철 성 진
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let hanSyllables: [String] = """
        王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 明 华 国 建 军 伟 强 平 东 海 江 山
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
}
