using System.Globalization;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Generation;

/// <summary>Makes the original record of a new person: names, address and suburb picked with real-life skew, a birth date from 1930 to 2005.</summary>
internal sealed class PersonFactory
{
    private static readonly DateOnly FirstBirthDate = new(1930, 1, 1);
    private static readonly int BirthDateDays = new DateOnly(2005, 12, 31).DayNumber - FirstBirthDate.DayNumber + 1;

    private readonly SkewedPicker<string> _givenNames = new(GivenNames.All);
    private readonly SkewedPicker<string> _surnames = new(Surnames.All);
    private readonly SkewedPicker<string> _streetNames = new(Streets.Names);
    private readonly SkewedPicker<StreetType> _streetTypes = new(StreetTypes.All);
    private readonly SkewedPicker<Suburb> _suburbs = new(Suburbs.All);

    public PersonRecord Create(string id, Random random)
    {
        var suburb = _suburbs.Pick(random);
        var streetNumber = 1 + (int)(300 * Math.Pow(random.NextDouble(), 2)); // low house numbers are the most common
        var birthDate = FirstBirthDate.AddDays(random.Next(BirthDateDays));
        return new PersonRecord(
            id,
            _givenNames.Pick(random),
            _surnames.Pick(random),
            streetNumber.ToString(CultureInfo.InvariantCulture),
            $"{_streetNames.Pick(random)} {_streetTypes.Pick(random).Full}",
            suburb.Name,
            suburb.Postcode,
            suburb.State,
            birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
    }
}
