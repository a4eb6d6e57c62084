/// Month names (several languages) and time-zone abbreviations seen in feed dates.
enum DateNames {
    /// Lower-cased month names and abbreviations -> month number.
    static let months: [String: Int] = {
        let table: [(Int, String)] = [
            (
                1,
                "ιαν ιανουαρίου ιανουάριος január january jan januar jänner janvier janv enero ene gennaio gen janeiro januari "
                    + "января январь янв січня stycznia styczeń"
            ),
            (
                2,
                "φεβ φεβρουαρίου φεβρουάριος február febr february feb februar février fevrier févr fevr fév fev febrero febbraio fevereiro "
                    + "februari февраля февраль лютого lutego luty"
            ),
            (
                3,
                "μάρ μαρ μαρτίου μάρτιος március márc march mar märz maerz mrz mär mars marzo março marco maart mrt марта март березня "
                    + "marca marzec"
            ),
            (
                4,
                "απρ απριλίου απρίλιος április ápr april apr avril avr abril abr aprile апреля апрель апр квітня kwietnia kwiecień"
            ),
            (5, "μάι μαΐ μαϊ μαι μαΐου μαίου μάιος május máj may mai mayo maggio mag maio mei мая май травня maja maj"),
            (
                6,
                "ιούν ιουν ιουνίου ιούνιος június jún june jun juni juin junio giugno giu junho июня июнь июн червня czerwca czerwiec"
            ),
            (
                7,
                "ιούλ ιουλ ιουλίου ιούλιος július júl july jul juli juillet juil julio luglio lug julho июля июль июл липня lipca lipiec"
            ),
            (
                8,
                "αύγ αυγ αυγούστου αύγουστος augusztus august aug août aout agosto ago augustus августа август авг серпня sierpnia sierpień"
            ),
            (
                9,
                "σεπ σεπτεμβρίου σεπτέμβριος szeptember szept september sep sept septembre septiembre setiembre set settembre setembro "
                    + "сентября сентябрь сен сент вересня września wrzesień"
            ),
            (
                10,
                "οκτ οκτωβρίου οκτώβριος október october oct oktober okt octobre octubre ottobre ott outubro out "
                    + "октября октябрь окт жовтня października październik"
            ),
            (
                11,
                "νοέ νοε νοεμβρίου νοέμβριος november nov novembre noviembre novembro ноября ноябрь ноя листопада listopada listopad"
            ),
            (
                12,
                "δεκ δεκεμβρίου δεκέμβριος december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro "
                    + "декабря декабрь дек грудня grudnia grudzień"
            ),
        ]
        var result: [String: Int] = [:]
        for (month, names) in table {
            for name in names.split(separator: " ") { result[String(name)] = month }
        }
        return result
    }()

    /// Upper-cased zone abbreviations -> offset east of UTC in minutes.
    static let zones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
        "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "MEZ": 60, "MESZ": 120, "EET": 120, "EEST": 180,
        "MSK": 180, "MSD": 240, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
        "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "HAST": -600,
        "HADT": -540, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150, "JST": 540, "KST": 540,
        "HKT": 480, "SGT": 480, "PHT": 480, "AWST": 480, "ACST": 570, "ACDT": 630, "AEST": 600,
        "AEDT": 660, "NZST": 720, "NZDT": 780, "ICT": 420, "WIB": 420, "PKT": 300, "SAST": 120,
        "CAT": 120, "EAT": 180, "WAT": 60, "BRT": -180, "ART": -180, "CLT": -240, "EETDST": 180,
        // North American zones without the standard/daylight letter (feedparser reads them as standard).
        "AT": -240, "ET": -300, "CT": -360, "MT": -420, "PT": -480,
    ]
}
