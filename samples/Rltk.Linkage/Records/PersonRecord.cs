namespace Rltk.Linkage.Records;

/// <summary>
/// A person record of a dataset, as in FEBRL's data: every field is text, and a missing value is an
/// empty string. <see cref="DateOfBirth"/> is written yyyymmdd.
/// </summary>
public readonly record struct PersonRecord(
    string Id,
    string GivenName,
    string Surname,
    string StreetNumber,
    string AddressLine,
    string Suburb,
    string Postcode,
    string State,
    string DateOfBirth);
