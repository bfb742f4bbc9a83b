namespace Rltk.Linkage.Generation;

/// <summary>Common given names, the most frequent first: a <see cref="SkewedPicker"/> picks the first ones most often.</summary>
internal static class GivenNames
{
    public static readonly string[] All =
    [
        "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
        "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
        "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua",
        "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle",
        "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey", "ryan",
        "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia",
        "kathleen", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott",
        "brandon", "amy", "angela", "shirley", "anna", "brenda", "pamela", "emma", "nicole", "helen",
        "samantha", "benjamin", "samuel", "gregory", "alexander", "frank", "patrick", "raymond", "jack",
        "dennis", "jerry", "katherine", "christine", "debra", "rachel", "carolyn", "janet", "catherine",
        "maria", "heather", "diane", "tyler", "aaron", "jose", "adam", "nathan", "henry", "douglas",
        "zachary", "peter", "kyle", "ruth", "julie", "olivia", "joyce", "virginia", "victoria", "kelly",
        "lauren", "christina", "joan", "ethan", "jeremy", "walter", "christian", "keith", "roger", "terry",
        "austin", "sean", "gerald", "evelyn", "judith", "megan", "andrea", "cheryl", "hannah", "jacqueline",
        "martha", "gloria", "teresa", "carl", "harold", "dylan", "arthur", "lawrence", "jordan", "jesse",
        "bryan", "billy", "bruce", "ann", "sara", "madison", "frances", "kathryn", "janice", "jean",
        "abigail", "alice", "judy", "gabriel", "joe", "logan", "albert", "willie", "alan", "eugene",
        "russell", "vincent", "sophia", "grace", "denise", "amber", "doris", "marilyn", "danielle", "beverly",
        "isabella", "theresa", "philip", "bobby", "johnny", "bradley", "roy", "ralph", "louis", "randy",
        "wayne", "diana", "natalie", "brittany", "charlotte", "marie", "kayla", "alexis", "lori", "liam",
        "noah", "oliver", "lucas", "mason", "chloe", "ella", "mia", "ruby", "zoe", "jasmine", "lily",
        "harrison", "cooper", "riley", "hayden", "bailey", "mitchell", "lachlan", "connor", "jake", "blake",
        "jayden", "tahlia", "caitlin", "courtney", "jade", "brooke", "shannon", "kirra", "mikayla", "jessie",
        "leah", "tegan"
    ];
}
