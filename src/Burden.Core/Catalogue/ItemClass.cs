namespace Burden.Core.Catalogue;

/// <summary>What a data item measures, after Donabedian (structure, process, outcome) with outputs split out.</summary>
/// <remarks>
/// Inputs are structure (beds, staff, money); processes are what is done and how fast (waiting times, 4-hour
/// performance); outputs are activity counts (attendances, admissions); outcomes are what happened to patients
/// (mortality, readmissions, infections, PROMs, PREMs, patient experience, recovery).
/// </remarks>
public enum ItemClass
{
    /// <summary>Structure or resource: beds, staff, money.</summary>
    Input,
    /// <summary>What is done and how: waits, times, compliance.</summary>
    Process,
    /// <summary>Activity counts: attendances, admissions, referrals.</summary>
    Output,
    /// <summary>What happened to patients: mortality, readmission, infection, PROMs, PREMs, experience.</summary>
    Outcome,
}
