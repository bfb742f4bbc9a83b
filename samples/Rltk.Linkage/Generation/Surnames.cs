namespace Rltk.Linkage.Generation;

/// <summary>Common surnames, the most frequent first: a <see cref="SkewedPicker"/> picks the first ones most often.</summary>
internal static class Surnames
{
    public static readonly string[] All =
    [
        "smith", "jones", "williams", "brown", "wilson", "taylor", "johnson", "white", "martin", "anderson",
        "thompson", "nguyen", "thomas", "walker", "harris", "lee", "ryan", "robinson", "kelly", "king",
        "davis", "wright", "evans", "roberts", "green", "hall", "wood", "jackson", "clarke", "patel", "khan",
        "lewis", "james", "phillips", "mason", "mitchell", "rose", "davies", "rodriguez", "cox", "alexander",
        "campbell", "johnston", "moore", "stewart", "quinn", "murphy", "graham", "hamilton", "murray",
        "hughes", "robertson", "thomson", "scott", "macdonald", "reid", "clark", "ross", "young", "watson",
        "paterson", "morrison", "mccarthy", "byrne", "kennedy", "lynch", "walsh", "obrien", "oconnor",
        "sullivan", "collins", "edwards", "turner", "baker", "hill", "morris", "cooper", "ward", "bell",
        "allen", "harrison", "parker", "carter", "lloyd", "price", "bennett", "griffiths", "russell",
        "wallace", "miller", "marshall", "hunt", "shaw", "simpson", "holmes", "mills", "ellis", "webb",
        "gibson", "richards", "fraser", "hunter", "chapman", "matthews", "stevens", "barnes", "knight",
        "palmer", "butler", "lawrence", "fletcher", "dixon", "payne", "burke", "hart", "gray", "tran", "pham",
        "le", "chen", "wang", "zhang", "li", "liu", "yang", "huang", "wu", "zhou", "singh", "kaur", "sharma",
        "gupta", "ali", "ahmed", "hussain", "rossi", "russo", "ferrari", "romano", "costa", "papadopoulos",
        "nikolaidis", "kowalski", "novak", "schmidt", "muller", "schneider", "fischer", "weber", "meyer",
        "wagner", "becker", "hoffmann", "jensen", "hansen", "olsen", "larsen", "nielsen", "petersen",
        "andersen", "christensen", "sorensen", "berg", "lindqvist", "johansson", "karlsson", "nilsson",
        "eriksson", "larsson", "olsson", "persson", "svensson", "gustafsson", "pettersson", "jonsson",
        "jansson", "hanson", "dawson", "fox", "ford", "grant", "hayes", "howard", "jenkins", "kerr", "lane",
        "lowe", "mcdonald", "morgan", "nash", "page", "perry", "porter", "powell", "reynolds", "rogers",
        "saunders", "sharp", "spencer", "stone", "sutton", "tucker", "wade", "walters", "warren", "watts",
        "west", "wheeler", "wilkinson", "woods", "barker", "bishop", "black", "boyd", "bradley", "brennan",
        "burns", "burton", "cameron", "carr", "chambers", "cole", "crawford", "curtis", "daly", "dunn",
        "elliott", "farrell", "fisher", "flynn", "foster", "gallagher", "gordon", "griffin", "hayward",
        "healy", "higgins", "hogan", "horton", "hudson", "jordan", "keane", "kent", "lamb", "mackenzie",
        "maguire", "mann", "marsh", "mccann", "mckenzie", "moran", "nolan", "oneill", "osborne", "owen",
        "pearce", "pearson", "potter", "regan", "riley", "ryder", "sampson", "shepherd", "slater", "stanley",
        "stephens", "sweeney", "todd", "vaughan", "walton", "webster", "whelan", "whittaker"
    ];
}
