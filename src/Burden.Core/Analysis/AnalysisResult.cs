using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Duplicates;
using Burden.Core.Rationalise;
using Burden.Core.Review;

namespace Burden.Core.Analysis;

/// <summary>What to analyse: a period, an organisation and a baseline, each optional.</summary>
/// <param name="Period">Month or financial year; null covers everything stored.</param>
/// <param name="OrgCode">One organisation; null covers all.</param>
/// <param name="BaselineName">Baseline to compare with; null for none.</param>
public sealed record AnalysisScope(Common.ReportingPeriod? Period, OrgCode? OrgCode, string? BaselineName);

/// <summary>The whole analysis of a scope: the document written by <c>burden analyse --json</c> and shown by the report.</summary>
public sealed record AnalysisResult
{
    /// <summary>The JSON schema name.</summary>
    public const string SchemaName = "hewitt-burden/analysis/1";

    /// <summary>Period label, or null for everything stored.</summary>
    public string? Period { get; init; }

    /// <summary>Organisation code, or null for all organisations.</summary>
    public OrgCode? Org { get; init; }

    /// <summary>When the analysis ran.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Headline totals.</summary>
    public required AnalysisTotals Totals { get; init; }

    /// <summary>Every collection in scope.</summary>
    public required IReadOnlyList<CollectionAnalysis> Collections { get; init; }

    /// <summary>Pairs of collections that ask for the same figures.</summary>
    public required IReadOnlyList<DuplicatePairResult> DuplicatePairs { get; init; }

    /// <summary>Pairs joined into groups, each with a keeper.</summary>
    public required IReadOnlyList<DuplicateGroupResult> DuplicateGroups { get; init; }

    /// <summary>Comparison with a named baseline, or null when none was asked for.</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>Totals per requester.</summary>
    public required IReadOnlyList<GroupTotals> ByRequester { get; init; }

    /// <summary>Totals per organisation.</summary>
    public required IReadOnlyList<GroupTotals> ByOrganisation { get; init; }

    /// <summary>Rates, factors, thresholds and reference versions used: how the figures were made.</summary>
    public required AnalysisMethod Method { get; init; }

    /// <summary>Pairs that shared enough items but measure different things (a distinguishing term differs): not duplicates.</summary>
    public IReadOnlyList<Duplicates.BlockedPair> BlockedPairs { get; init; } = [];

    /// <summary>Pairs the detector found that a reviewer marked not a duplicate (on the same items): not duplicates, saving nothing.</summary>
    public IReadOnlyList<DismissedPair> DismissedPairs { get; init; } = [];

    /// <summary>For each organisation, the months of the period that have requests.</summary>
    public PeriodCoverage Coverage { get; init; } = new([], []);

    /// <summary>What all decisions so far say about the detector and the recommendations.</summary>
    public ReviewStats ReviewStats { get; init; } = ReviewStats.Empty;
}

/// <summary>A detected pair a reviewer dismissed as not a duplicate.</summary>
/// <param name="Pair">The pair as detected.</param>
/// <param name="Review">The decision that dismissed it.</param>
public sealed record DismissedPair(DuplicatePairResult Pair, ReviewMark Review);

/// <summary>Which months of the period have requests, per organisation.</summary>
/// <param name="Months">Months of the period (<c>YYYY-MM</c>); without a period, the months the requests span.</param>
/// <param name="Organisations">Each organisation with requests in scope.</param>
public sealed record PeriodCoverage(IReadOnlyList<string> Months, IReadOnlyList<OrganisationCoverage> Organisations)
{
    /// <summary>True when every organisation has requests in every month.</summary>
    public bool Complete => Organisations.All(o => o.MonthsMissing.Count == 0);
}

/// <summary>One organisation's coverage of the period.</summary>
/// <param name="Org">Organisation code.</param>
/// <param name="MonthsWithRequests">Months with at least one request.</param>
/// <param name="MonthsMissing">Months of the period with none.</param>
public sealed record OrganisationCoverage(string Org, IReadOnlyList<string> MonthsWithRequests, IReadOnlyList<string> MonthsMissing);

/// <summary>Headline figures for a scope.</summary>
public sealed record AnalysisTotals
{
    /// <summary>Requests received in scope.</summary>
    public required int Requests { get; init; }
    /// <summary>Collections in scope.</summary>
    public required int Collections { get; init; }
    /// <summary>Hours spent in the period (actual plus estimated).</summary>
    public required double Hours { get; init; }
    /// <summary>Hours per year, annualised.</summary>
    public required double HoursPerYear { get; init; }
    /// <summary>Cost per year in pounds.</summary>
    public required double CostGbpPerYear { get; init; }
    /// <summary>Submissions per year across all collections.</summary>
    public required double SubmissionsPerYear { get; init; }
    /// <summary>Share of collections that are output-only (0..1).</summary>
    public required double ShareOutputOnly { get; init; }
    /// <summary>Share of collections that could come from an automated source (0..1).</summary>
    public required double ShareAutomatable { get; init; }
    /// <summary>Hours per year saved if every recommendation were taken, counted once.</summary>
    public required double HoursSavedPerYear { get; init; }
    /// <summary>Cost per year saved if every recommendation were taken, counted once.</summary>
    public required double CostGbpSavedPerYear { get; init; }
    /// <summary>Of <see cref="HoursSavedPerYear"/>: recommendations a reviewer agreed.</summary>
    public double HoursSavedAgreedPerYear { get; init; }
    /// <summary>Of <see cref="CostGbpSavedPerYear"/>: recommendations a reviewer agreed.</summary>
    public double CostGbpSavedAgreedPerYear { get; init; }
    /// <summary>Of <see cref="HoursSavedPerYear"/>: high-confidence recommendations not yet agreed (resting on evidence).</summary>
    public double HoursSavedOnEvidencePerYear { get; init; }
    /// <summary>Of <see cref="CostGbpSavedPerYear"/>: high-confidence recommendations not yet agreed.</summary>
    public double CostGbpSavedOnEvidencePerYear { get; init; }
    /// <summary>Of <see cref="HoursSavedPerYear"/>: medium- and low-confidence recommendations not yet agreed (only suggested).</summary>
    public double HoursSavedSuggestedPerYear { get; init; }
    /// <summary>Of <see cref="CostGbpSavedPerYear"/>: medium- and low-confidence recommendations not yet agreed.</summary>
    public double CostGbpSavedSuggestedPerYear { get; init; }
    /// <summary>Totals per frequency; every frequency is present, with zeros where none.</summary>
    public required IReadOnlyDictionary<Frequency, FrequencyTotals> ByFrequency { get; init; }
}

/// <summary>Totals for one frequency.</summary>
/// <param name="Collections">Collections of this frequency.</param>
/// <param name="Requests">Requests of this frequency.</param>
/// <param name="Hours">Hours in the period.</param>
/// <param name="HoursPerYear">Hours per year, annualised.</param>
public sealed record FrequencyTotals(int Collections, int Requests, double Hours, double HoursPerYear);

/// <summary>Totals for one requester or organisation.</summary>
/// <param name="Name">Requester name or organisation code.</param>
/// <param name="Collections">Collections.</param>
/// <param name="Requests">Requests.</param>
/// <param name="Hours">Hours in the period.</param>
/// <param name="HoursPerYear">Hours per year.</param>
/// <param name="CostGbpPerYear">Cost per year in pounds.</param>
public sealed record GroupTotals(string Name, int Collections, int Requests, double Hours, double HoursPerYear, double CostGbpPerYear);

/// <summary>One collection with every figure and flag and its recommendation.</summary>
public sealed record CollectionAnalysis
{
    /// <summary>Stable id: the collection reference when there is one, else a slug of requester and title.</summary>
    public required string Id { get; init; }
    /// <summary>Title: the one most often given to its requests (the shortest on a tie, so "Current bed position" beats "URGENT: current bed position").</summary>
    public required string Title { get; init; }
    /// <summary>Requester.</summary>
    public required string Requester { get; init; }
    /// <summary>Collection reference, or null.</summary>
    public string? CollectionRef { get; init; }
    /// <summary>Frequency.</summary>
    public required Frequency Frequency { get; init; }
    /// <summary>Organisations answering (codes), empty for a catalogue row.</summary>
    public required IReadOnlyList<string> Organisations { get; init; }
    /// <summary>Number of organisations answering.</summary>
    public required int Respondents { get; init; }
    /// <summary>Requests received in scope.</summary>
    public required int Requests { get; init; }
    /// <summary>First day received in scope, or null for a catalogue row.</summary>
    public DateOnly? FirstReceived { get; init; }
    /// <summary>Last day received in scope, or null for a catalogue row.</summary>
    public DateOnly? LastReceived { get; init; }
    /// <summary>Hours in the period.</summary>
    public required double Hours { get; init; }
    /// <summary>True when any hours were estimated rather than logged.</summary>
    public required bool HoursEstimated { get; init; }
    /// <summary>Submissions per year per respondent.</summary>
    public required double SubmissionsPerYear { get; init; }
    /// <summary>Hours per year, all respondents.</summary>
    public required double HoursPerYear { get; init; }
    /// <summary>Cost per year in pounds, all respondents.</summary>
    public required double CostGbpPerYear { get; init; }
    /// <summary>Items and their classes.</summary>
    public required IReadOnlyList<ClassifiedItem> DataItems { get; init; }
    /// <summary>Normalised item keys, sorted (what duplicate matching and baselines compare).</summary>
    public IReadOnlyList<string> ItemKeys { get; init; } = [];
    /// <summary>True when none of its items measures an outcome.</summary>
    public required bool OutputOnly { get; init; }
    /// <summary>National datasets that already carry its items.</summary>
    public required IReadOnlyList<string> AutomatableFrom { get; init; }
    /// <summary>True on evidence of non-use: a last-used date older than the grace period.</summary>
    public required bool Unused { get; init; }
    /// <summary>Used, unused or unknown (nothing records use either way).</summary>
    public UseStatus Use { get; init; } = UseStatus.Unknown;
    /// <summary>True when it has no DAPB/DCB approval reference, or an expired one.</summary>
    public required bool Unapproved { get; init; }
    /// <summary>Approval reference, if any.</summary>
    public string? ApprovalRef { get; init; }
    /// <summary>Stated purpose, if any.</summary>
    public string? Purpose { get; init; }
    /// <summary>Duplicate group id (<c>G1</c>), or null.</summary>
    public string? DuplicateGroup { get; init; }
    /// <summary>The primary action.</summary>
    public required Recommendation Recommendation { get; init; }
    /// <summary>Why, in plain English.</summary>
    public required string RecommendationReason { get; init; }
    /// <summary>Hours per year saved by the recommendation, counted once.</summary>
    public required double HoursSavedPerYear { get; init; }
    /// <summary>Cost per year saved by the recommendation, counted once.</summary>
    public required double CostGbpSavedPerYear { get; init; }
    /// <summary><c>log</c> or <c>catalogue</c>.</summary>
    public required string Source { get; init; }
    /// <summary>The facts the recommendation rests on.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
    /// <summary>How sure the recommendation is.</summary>
    public Confidence Confidence { get; init; } = Confidence.Low;
    /// <summary>Version of its item set (<see cref="ReviewKeys.ItemsVersion"/>), which decisions are tied to.</summary>
    public string ItemsVersion { get; init; } = "";
    /// <summary>The latest decision on its recommendation, or null.</summary>
    public ReviewMark? Review { get; init; }
}

/// <summary>How a changed collection changed.</summary>
public enum ChangeKind
{
    /// <summary>Frequency, items or scope changed (a program change, as the US PRA inventory labels it).</summary>
    ProgramChange,
    /// <summary>Same collection, re-estimated hours or cost.</summary>
    Adjustment,
}

/// <summary>A collection in both the baseline and now, that changed.</summary>
/// <param name="Id">Collection id.</param>
/// <param name="Title">Title.</param>
/// <param name="Kind">Program change or adjustment.</param>
/// <param name="What">Plain English: <c>frequency weekly -> monthly</c>.</param>
/// <param name="HoursPerYearBefore">Baseline hours per year.</param>
/// <param name="HoursPerYearNow">Hours per year now.</param>
public sealed record CollectionChange(string Id, string Title, ChangeKind Kind, string What, double HoursPerYearBefore, double HoursPerYearNow);

/// <summary>A figure beside its baseline value.</summary>
/// <param name="Baseline">Baseline value.</param>
/// <param name="Current">Current value.</param>
public sealed record Delta(double Baseline, double Current)
{
    /// <summary>Current minus baseline.</summary>
    public double Change => Current - Baseline;
}

/// <summary>Comparison of the scope with a baseline.</summary>
public sealed record BaselineComparison
{
    /// <summary>Baseline name.</summary>
    public required string Name { get; init; }
    /// <summary>Baseline period label.</summary>
    public string? Period { get; init; }
    /// <summary>Collections now that the baseline did not have.</summary>
    public required IReadOnlyList<BaselineCollection> Added { get; init; }
    /// <summary>Baseline collections no longer present.</summary>
    public required IReadOnlyList<BaselineCollection> Retired { get; init; }
    /// <summary>Collections in both that changed.</summary>
    public required IReadOnlyList<CollectionChange> Changed { get; init; }
    /// <summary>For each agreed retire or merge, whether the collection is still being collected.</summary>
    public IReadOnlyList<AgreedFollowUp> FollowUps { get; init; } = [];
    /// <summary>Deltas keyed <c>collections</c>, <c>submissions_per_year</c>, <c>hours_per_year</c>, <c>cost_gbp_per_year</c>, <c>share_output_only</c>, <c>share_automatable</c>.</summary>
    public required IReadOnlyDictionary<string, Delta> Deltas { get; init; }
}

/// <summary>How the figures were made: for the report's Method sheet.</summary>
public sealed record AnalysisMethod
{
    /// <summary>Hourly rate per Agenda for Change band, before on-costs.</summary>
    public required IReadOnlyDictionary<string, decimal> BandRates { get; init; }
    /// <summary>Band used when none is given.</summary>
    public required string DefaultBand { get; init; }
    /// <summary>Multiplier for employer on-costs.</summary>
    public required decimal OnCostFactor { get; init; }
    /// <summary>Submissions per year used for each frequency (ad hoc: observed rate).</summary>
    public required IReadOnlyDictionary<Frequency, double> SubmissionsPerYear { get; init; }
    /// <summary>Hours assumed per submission when none logged, per frequency.</summary>
    public required IReadOnlyDictionary<Frequency, double> DefaultHours { get; init; }
    /// <summary>Containment at or above which two collections are duplicates.</summary>
    public required double DuplicateContainmentThreshold { get; init; }
    /// <summary>Days without use after which a collection counts as unused.</summary>
    public required int UnusedGraceDays { get; init; }
    /// <summary>Taxonomy version.</summary>
    public required string TaxonomyVersion { get; init; }
    /// <summary>Automated-datasets reference list version.</summary>
    public required string DatasetsVersion { get; init; }
    /// <summary>Measure vocabulary version.</summary>
    public string VocabularyVersion { get; init; } = "";
    /// <summary>Fewest shared items for a duplicate pair.</summary>
    public int DuplicateMinSharedItems { get; init; }
    /// <summary>Cosine similarity at or above which two items with agreeing guards are one measure.</summary>
    public double ItemSimilarityThreshold { get; init; }
    /// <summary>The sentence-embedding model that matched items by meaning, or null when items matched on canonical keys only.</summary>
    public string? EmbeddingModel { get; init; }
    /// <summary>That model's version (its package's), or null.</summary>
    public string? EmbeddingModelVersion { get; init; }
    /// <summary>Distinct canonical item texts encoded in this run (not found in the cache).</summary>
    public int EmbeddingsEncoded { get; init; }
    /// <summary>Distinct canonical item texts whose vectors came from the cache.</summary>
    public int EmbeddingsCached { get; init; }
    /// <summary>How items were classed: the order of authority, the taxonomy, and the learned layer's model and training data (or that it was off).</summary>
    public string ItemClassifier { get; init; } = "";
    /// <summary>Formulas in plain English.</summary>
    public required IReadOnlyList<string> Formulas { get; init; }
}
