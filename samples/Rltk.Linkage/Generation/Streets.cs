namespace Rltk.Linkage.Generation;

/// <summary>Street names, the most frequent first.</summary>
internal static class Streets
{
    public static readonly string[] Names =
    [
        "wattle", "acacia", "banksia", "main", "church", "high", "park", "victoria", "george", "king",
        "queen", "elizabeth", "william", "albert", "station", "railway", "bridge", "mill", "hill", "river",
        "beach", "ocean", "bay", "forest", "lake", "spring", "james", "john", "charles", "edward", "princes",
        "pacific", "hume", "pitt", "collins", "bourke", "flinders", "swanston", "macquarie", "hunter", "kent",
        "sussex", "clarence", "york", "oxford", "cambridge", "bathurst", "liverpool", "goulburn", "campbell",
        "market", "argyle", "ann", "wickham", "boundary", "commercial", "gympie", "logan", "stanley",
        "musgrave", "brunswick", "grey", "hope", "melbourne", "sydney", "adelaide", "hobart", "darwin",
        "canberra", "wellington", "nelson", "waterloo", "trafalgar", "marine", "esplanade", "golf",
        "racecourse", "cemetery", "school", "college", "hospital", "creek", "valley", "ridge", "summit",
        "meadow", "orchard", "vineyard", "heritage", "jubilee", "coronation", "anzac", "federation",
        "wentworth", "lachlan", "murray", "darling", "barton", "deakin", "forrest", "chifley", "curtin",
        "menzies", "lyons", "fisher", "hughes", "bradfield", "parkes", "lawson", "blaxland", "wattletree",
        "ironbark", "bluegum", "myrtle", "jacaranda", "poinciana", "bottlebrush", "grevillea", "boronia",
        "waratah", "kurrajong", "casuarina", "melaleuca", "tea tree", "cedar", "pine", "oak", "elm", "ash",
        "maple", "willow", "birch", "poplar", "laurel", "magnolia", "camellia"
    ];
}
