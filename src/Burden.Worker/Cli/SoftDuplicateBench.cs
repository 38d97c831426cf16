using System.Diagnostics;
using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Duplicates;
using Burden.Core.Meaning;
using Burden.Storage;

namespace Burden.Worker.Cli;

/// <summary>
/// The soft half of <c>burden bench duplicates</c>: NHS-worded collections with planted paraphrase pairs, matched by
/// meaning through the real bundled model and a real SQLite embedding cache, cold (every distinct item encoded) and
/// warm (every vector read from the cache), with an exact soft all-pairs reference on a subsample measured in the same run.
/// </summary>
internal static class SoftDuplicateBench
{
    /// <summary>Warm target: 100k collections with the cache warm, in seconds.</summary>
    public const double WarmTargetSeconds = 30;

    /// <summary>Cold target, embedding every distinct item included, in seconds.</summary>
    public const double ColdTargetSeconds = 180;

    /// <summary>Recall of the planted paraphrase pairs the exact reference finds, by the indexed run.</summary>
    public const double RecallTarget = 0.95;

    internal sealed record Options(int Collections, int DistinctItems, int Paraphrases, int Subsample, int Seed, int? EncodeAtMost, string? EmbeddingCache = null);

    internal sealed record Result(IReadOnlyList<string> Lines, bool MetTarget);

    public static async Task<Result> RunAsync(Options options, ITextEncoder encoder, string workFolder, TextWriter progress, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        var settings = new AnalysisSettings();
        var reader = AnalysisReference.Shipped.Measures;
        var random = new Random(options.Seed);
        var (subjects, planted) = Generate(options.Collections, options.DistinctItems, options.Paraphrases, random);
        var itemTexts = subjects.SelectMany(s => s.Items).Distinct(StringComparer.Ordinal).ToList();
        var canonical = itemTexts.Select(i => reader.Read(i).Text).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        lines.Add(string.Create(inv, $"soft matching ({encoder.ModelName} {encoder.ModelVersion}, threshold {settings.Duplicates.ItemSimilarityThreshold}, vocabulary {reader.Vocabulary.Version}): {subjects.Count:N0} collections, {itemTexts.Count:N0} distinct items ({canonical.Count:N0} distinct canonical texts), {planted.Count:N0} planted paraphrase pairs"));
        var detector = new DuplicateDetector(reader, settings.Duplicates);

        // Cold: an empty cache, so every distinct canonical text is encoded (and stored) before matching.
        // A named cache file (--embedding-cache) is kept between runs: once it holds the vectors, runs are warm only.
        var db = options.EmbeddingCache ?? Path.Combine(workFolder, "bench-embeddings.db");
        var toEncode = options.EncodeAtMost is { } most && most < canonical.Count ? canonical.Take(most).ToList() : canonical;
        var sw = Stopwatch.StartNew();
        var cpu = Cpu();
        var store = await BurdenStores.OpenAsync(db, cancellationToken).ConfigureAwait(false);
        var encodeProgress = new Progress(progress);
        var coldVectors = await ItemVectors.ComputeAsync(encoder, store, toEncode, encodeProgress, cancellationToken).ConfigureAwait(false);
        var encodeSeconds = sw.Elapsed.TotalSeconds;
        var encodeCpu = Cpu() - cpu;
        var throughput = coldVectors.Encoded / Math.Max(encodeSeconds, 1e-6);
        lines.Add(string.Create(inv, $"  encoding: {coldVectors.Encoded:N0} texts in {encodeSeconds:0.0} s ({encodeCpu:0.0} s CPU): {throughput:0} items/s, {1000 * encodeSeconds / Math.Max(1, coldVectors.Encoded):0.00} ms per item ({1000 * encodeCpu / Math.Max(1, coldVectors.Encoded):0.00} ms CPU), cached in SQLite"));
        if (toEncode.Count < canonical.Count)
        {
            // Only a sample was encoded (--encode-at-most): the throughput is measured, the cold and warm runs are not.
            lines.Add(string.Create(inv, $"  only {toEncode.Count:N0} of {canonical.Count:N0} texts encoded (--encode-at-most): encoding all would take about {encodeSeconds * canonical.Count / toEncode.Count:0} s at this rate; cold, warm and recall not measured"));
            return new Result(lines, false);
        }
        DuplicateFindings? cold = null;
        var coldTotal = double.NaN;
        if (coldVectors.Cached > 0)
        {
            lines.Add(string.Create(inv, $"  cold not measured: the embedding cache {db} already held {coldVectors.Cached:N0} of the {canonical.Count:N0} vectors"));
        }
        else
        {
            sw.Restart();
            cpu = Cpu();
            cold = detector.Detect(subjects, coldVectors);
            var coldDetect = sw.Elapsed.TotalSeconds;
            var coldCpu = Cpu() - cpu;
            coldTotal = encodeSeconds + coldDetect;
            lines.Add(string.Create(inv, $"  cold (encode every distinct item, then match): {coldTotal:0.0} s = {encodeSeconds:0.0} s encoding ({encodeCpu:0.0} s CPU) + {coldDetect:0.0} s matching ({coldCpu:0.0} s CPU); {cold.Pairs.Count:N0} pairs in {cold.Groups.Count:N0} groups, {cold.Blocked.Count:N0} look-alikes blocked; target < {ColdTargetSeconds:0} s: {(coldTotal < ColdTargetSeconds ? "met" : "MISSED")}"));
            lines.AddRange(Phases(cold));
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Warm: a fresh store object on the same file; every vector comes from the cache, nothing is encoded.
        var counting = new CountingEncoder(encoder);
        sw.Restart();
        cpu = Cpu();
        var reopened = await BurdenStores.OpenAsync(db, cancellationToken).ConfigureAwait(false);
        var warmVectors = await ItemVectors.ComputeAsync(counting, reopened, canonical, null, cancellationToken).ConfigureAwait(false);
        var loadSeconds = sw.Elapsed.TotalSeconds;
        var warm = detector.Detect(subjects, warmVectors);
        var warmSeconds = sw.Elapsed.TotalSeconds;
        var warmCpu = Cpu() - cpu;
        lines.Add(string.Create(inv, $"  warm (vectors from the cache, then match): {warmSeconds:0.0} s = {loadSeconds:0.0} s reading {warmVectors.Cached:N0} cached vectors + {warmSeconds - loadSeconds:0.0} s matching ({warmCpu:0.0} s CPU), {counting.Texts:N0} texts encoded; {warm.Pairs.Count:N0} pairs; target < {WarmTargetSeconds:0} s: {(warmSeconds < WarmTargetSeconds ? "met" : "MISSED")}"));
        lines.AddRange(Phases(warm));
        var same = cold is null || (warm.Pairs.Count == cold.Pairs.Count && warm.Pairs.Zip(cold.Pairs).All(p => p.First.A == p.Second.A && p.First.B == p.Second.B));
        if (cold is not null)
        {
            lines.Add($"  warm pairs identical to cold: {(same ? "yes" : "NO")}");
        }
        var found = PairSet(warm.Pairs);
        var plantedFound = planted.Count(found.Contains);
        lines.Add(string.Create(inv, $"  planted paraphrase pairs found in the full run: {plantedFound:N0} of {planted.Count:N0} ({(double)plantedFound / Math.Max(1, planted.Count):0.000})"));
        cancellationToken.ThrowIfCancellationRequested();

        // Exact soft all-pairs (every item against every item) is quadratic, so it runs on a subsample rich in planted pairs.
        var members = new List<int>();
        var chosen = new HashSet<int>();
        foreach (var (a, b) in planted.OrderBy(_ => random.Next()).Take(options.Subsample / 4))
        {
            if (chosen.Add(a)) { members.Add(a); }
            if (chosen.Add(b)) { members.Add(b); }
        }
        while (members.Count < Math.Min(options.Subsample, subjects.Count))
        {
            var i = random.Next(subjects.Count);
            if (chosen.Add(i)) { members.Add(i); }
        }
        var sub = members.Select(i => subjects[i]).ToList();
        sw.Restart();
        var exact = detector.Detect(sub, warmVectors, allPairs: true);
        var exactSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var indexed = detector.Detect(sub, warmVectors);
        var indexSeconds = Math.Max(sw.Elapsed.TotalSeconds, 1e-6);
        var exactSet = PairSet(exact.Pairs);
        var indexedSet = PairSet(indexed.Pairs);
        var pairRecall = exactSet.Count == 0 ? 1 : (double)exactSet.Count(indexedSet.Contains) / exactSet.Count;
        var subPlanted = planted.Where(p => chosen.Contains(p.A) && chosen.Contains(p.B)).ToList();
        var referencePlanted = subPlanted.Where(exactSet.Contains).ToList();
        var plantedRecall = referencePlanted.Count == 0 ? 1 : (double)referencePlanted.Count(indexedSet.Contains) / referencePlanted.Count;
        lines.Add(string.Create(inv, $"  exact soft all-pairs on a subsample of {sub.Count:N0} collections ({exact.Work.Items:N0} items, {exact.Work.Compared:N0} item pairs compared): {exactSeconds:0.0} s, {exactSet.Count:N0} pairs, {referencePlanted.Count:N0} of its {subPlanted.Count:N0} planted pairs"));
        lines.Add(string.Create(inv, $"  indexed (LSH {ItemMeaningIndex.Tables}x{ItemMeaningIndex.Bits}) on the same subsample: {indexSeconds:0.00} s ({indexed.Work.Compared:N0} item pairs compared), recall vs the reference: all pairs {pairRecall:0.000}, planted paraphrase pairs {plantedRecall:0.000} (target >= {RecallTarget})"));
        var met = cold is not null && coldTotal < ColdTargetSeconds && warmSeconds < WarmTargetSeconds && plantedRecall >= RecallTarget && same && counting.Texts == 0;
        lines.Add(met ? "  soft targets met" : "  SOFT TARGET MISSED");
        return new Result(lines, met);
    }

    // Where the matching time went, step by step: wall and processor seconds, allocations, and what each step produced.
    internal static IEnumerable<string> Phases(DuplicateFindings findings)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var p in findings.Phases)
        {
            var what = p.Step switch
            {
                DetectionStep.ReadVocabulary => string.Create(inv, $"read vocabulary: {p.Count:N0} distinct item texts"),
                DetectionStep.MeaningIndex => string.Create(inv, $"meaning index: {findings.Work.Items:N0} items, {p.Count:N0} candidate pairs compared, {findings.Verified:N0} verified ({(double)findings.Verified / Math.Max(1, p.Count):P1})"),
                DetectionStep.StrictJoin => string.Create(inv, $"strict join: {p.Count:N0} collection pairs overlap"),
                DetectionStep.StrictPairs => string.Create(inv, $"strict pairs: {p.Count:N0} judged, {findings.Pairs.Count:N0} duplicates"),
                DetectionStep.LooseJoin => string.Create(inv, $"loose join: {p.Count:N0} collection pairs overlap"),
                DetectionStep.LookAlikes => string.Create(inv, $"look-alike explanations: {p.Count:N0} blocked"),
                DetectionStep.Grouping => string.Create(inv, $"grouping: {p.Count:N0} groups"),
                _ => p.Step.ToString(),
            };
            yield return string.Create(inv, $"    {p.Elapsed.TotalSeconds,6:0.0} s wall {p.Cpu.TotalSeconds,6:0.0} s CPU {p.AllocatedBytes / 1048576.0,8:N0} MiB allocated {p.GcPause.TotalSeconds,5:0.0} s GC pauses  {what}");
        }
    }

    private static HashSet<(int, int)> PairSet(IEnumerable<DuplicatePairResult> pairs) =>
        pairs.Select(p => (int.Parse(p.A[1..], CultureInfo.InvariantCulture), int.Parse(p.B[1..], CultureInfo.InvariantCulture)))
            .Select(p => (Math.Min(p.Item1, p.Item2), Math.Max(p.Item1, p.Item2))).ToHashSet();

    // Measures as NHS returns word them: a stem, the specialty or test it is about, and a threshold with its unit.
    private static readonly (string Stem, string[] Paraphrases)[] Stems =
    [
        ("Patients waiting {t} for {s}", ["{s} waiters {t}", "Number of patients waiting {t} for {s}", "{s} patients waiting {t}"]),
        ("{s} referrals received {t}", ["Referrals received for {s} {t}", "Number of {s} referrals received {t}"]),
        ("{s} outpatient appointments {t}", ["{s} OP appointments {t}", "Outpatient appointments in {s} {t}"]),
        ("{s} first appointments not attended {t}", ["{s} first appointment DNAs {t}", "{s} did not attend first appointments {t}"]),
        ("{s} follow-up appointments {t}", ["{s} follow up appts {t}", "Follow-up appointments for {s} {t}"]),
        ("{s} elective admissions {t}", ["Elective admissions for {s} {t}", "{s} planned admissions {t}"]),
        ("{s} day case procedures {t}", ["{s} daycase procedures {t}", "Day case procedures in {s} {t}"]),
        ("{s} cancelled operations {t}", ["{s} cancelled ops {t}", "Cancelled operations in {s} {t}"]),
        ("{s} clinic slots available {t}", ["Available {s} clinic slots {t}", "{s} clinic capacity (slots) {t}"]),
        ("{s} advice and guidance requests {t}", ["{s} A&G requests {t}", "Advice and guidance requests for {s} {t}"]),
        ("{s} patients discharged {t}", ["{s} discharges {t}", "Patients discharged from {s} {t}"]),
        ("{s} consultant vacancies {t}", ["Consultant vacancies in {s} {t}", "{s} vacant consultant posts {t}"]),
        ("{s} patients on the waiting list {t}", ["{s} waiting list size {t}", "Patients on the {s} waiting list {t}"]),
        ("{s} diagnostic tests performed {t}", ["{s} diagnostic tests carried out {t}", "Diagnostic tests performed for {s} {t}"]),
        ("{s} emergency admissions {t}", ["{s} non-elective admissions {t}", "Emergency admissions to {s} {t}"]),
        ("{s} patients treated {t}", ["{s} clock stops {t}", "Patients treated in {s} {t}"]),
        ("{s} virtual appointments {t}", ["{s} video or telephone appointments {t}", "Virtual {s} appointments {t}"]),
        ("{s} patient initiated follow-ups {t}", ["{s} PIFU pathways {t}", "Patient initiated follow-up in {s} {t}"]),
        ("{s} beds occupied {t}", ["Occupied {s} beds {t}", "{s} bed occupancy (beds) {t}"]),
        ("{s} theatre sessions used {t}", ["{s} theatre lists used {t}", "Theatre sessions used by {s} {t}"]),
        ("{s} staff sickness absence {t}", ["Sickness absence among {s} staff {t}", "{s} staff off sick {t}"]),
        ("{s} agency staff shifts {t}", ["{s} agency shifts {t}", "Agency staff shifts in {s} {t}"]),
        ("{s} complaints received {t}", ["Complaints about {s} {t}", "{s} formal complaints received {t}"]),
        ("{s} incidents reported {t}", ["Incidents reported in {s} {t}", "{s} reported incidents {t}"]),
        ("{s} patients seen {t}", ["Patients seen in {s} {t}", "{s} attendances seen {t}"]),
        ("{s} tests reported {t}", ["{s} test results reported {t}", "Tests reported for {s} {t}"]),
        ("{s} urgent referrals {t}", ["Urgent {s} referrals {t}", "{s} referrals marked urgent {t}"]),
        ("{s} routine referrals {t}", ["Routine {s} referrals {t}", "{s} referrals marked routine {t}"]),
        ("{s} patients validated on the PTL {t}", ["{s} PTL validations {t}", "Patients validated on the {s} patient tracking list {t}"]),
        ("{s} procedures of limited clinical value {t}", ["{s} PoLCV procedures {t}", "{s} low value procedures {t}"]),
    ];

    private static readonly string[] Specialties =
    [
        "cardiology", "dermatology", "gastroenterology", "general surgery", "trauma and orthopaedics", "ophthalmology",
        "ENT", "urology", "gynaecology", "neurology", "respiratory medicine", "rheumatology", "geriatric medicine",
        "oral surgery", "plastic surgery", "cardiothoracic surgery", "neurosurgery", "breast surgery", "vascular surgery",
        "colorectal surgery", "endocrinology", "haematology", "nephrology", "audiology", "dietetics", "physiotherapy",
        "occupational therapy", "speech and language therapy", "podiatry", "diabetic medicine", "hepatology",
        "infectious diseases", "allergy", "immunology", "clinical genetics", "palliative care", "pain management",
        "sleep medicine", "orthotics", "maxillofacial surgery", "hand surgery", "spinal surgery", "bariatric surgery",
        "interventional radiology", "MRI", "CT", "non-obstetric ultrasound", "echocardiography", "colonoscopy",
        "gastroscopy", "cystoscopy", "DEXA scanning", "urodynamics", "flexible sigmoidoscopy", "nerve conduction studies",
        "electrophysiology", "anaesthetics", "critical care outreach", "sexual health", "community nursing",
    ];

    // Thresholds with their units; the paraphrase writes the same threshold another way.
    private static readonly (string Text, string[] Paraphrases)[] Thresholds =
    [
        ("over 2 weeks", ["2+ weeks", "more than 2 wks"]), ("over 4 weeks", ["4+ wks", "> 4 weeks"]), ("over 6 weeks", ["6+ weeks", "more than 6 wks"]),
        ("over 8 weeks", [">8 wks", "8+ weeks"]), ("over 12 weeks", ["12+ wks", "more than 12 weeks"]), ("over 18 weeks", ["18+ weeks", ">18 wks"]),
        ("over 26 weeks", ["26+ wks", "more than 26 weeks"]), ("over 40 weeks", [">40 weeks", "40+ wks"]), ("over 52 weeks", ["52+ weeks", "> 52 wks"]),
        ("over 65 weeks", ["65+ wks", "more than 65 weeks"]), ("over 78 weeks", [">78 wks", "78+ weeks"]), ("over 104 weeks", ["104+ weeks", "more than 104 wks"]),
        ("within 2 hours", ["within 120 minutes", "within 2 hrs"]), ("within 4 hours", ["within 240 mins", "within 4 hrs"]),
        ("over 1 hour", ["over 60 minutes", "> 1 hr"]), ("over 12 hours", ["over 720 minutes", "12+ hrs"]),
        ("within 7 days", ["within 1 week", "within 7 day"]), ("within 28 days", ["within 4 weeks", "within 28 day"]),
        ("over 21 days", ["21+ days", "more than 21 days"]), ("over 7 days", ["7+ days", "> 7 days"]),
        ("in the month", ["this month", "during the month"]), ("in the week", ["this week", "during the week"]),
        ("in the quarter", ["this quarter", "during the quarter"]), ("at month end", ["at the end of the month", "month end"]),
    ];

    /// <summary>Collections drawn from specialty topics, and planted pairs: a collection and a reworded copy of it.</summary>
    internal static (List<DuplicateSubject> Subjects, List<(int A, int B)> Planted) Generate(int count, int distinctItems, int paraphrasePairs, Random random)
    {
        // Each topic holds its specialty's items; enough stems and thresholds are used to reach the distinct-item target.
        var perTopic = Math.Max(1, distinctItems / Specialties.Length);
        var topics = new List<(string Text, int Stem, int Threshold, string Specialty)>[Specialties.Length];
        for (var s = 0; s < Specialties.Length; s++)
        {
            var all = new List<(string, int, int, string)>();
            for (var stem = 0; stem < Stems.Length; stem++)
            {
                for (var t = 0; t < Thresholds.Length; t++)
                {
                    all.Add((Fill(Stems[stem].Stem, Specialties[s], Thresholds[t].Text), stem, t, Specialties[s]));
                }
            }
            topics[s] = [.. all.OrderBy(_ => random.Next()).Take(perTopic)];
        }
        var sets = new List<(int Topic, int[] Items)>(count);
        for (var i = 0; i < count - paraphrasePairs; i++)
        {
            var topic = random.Next(topics.Length);
            var size = Math.Min(topics[topic].Count, random.Next(3, 13));
            var items = new HashSet<int>();
            while (items.Count < size)
            {
                // Popular items (the first tenth of a topic) are asked for more often, as real returns repeat the same lines.
                items.Add(random.Next(3) == 0 ? random.Next(Math.Max(1, topics[topic].Count / 10)) : random.Next(topics[topic].Count));
            }
            sets.Add((topic, [.. items]));
        }
        var subjects = sets.Select((s, i) => new DuplicateSubject($"C{i}", $"Return {i}", Frequency.Monthly, [.. s.Items.Select(x => topics[s.Topic][x].Text)], true, false)).ToList();
        var planted = new List<(int, int)>();
        for (var p = 0; p < paraphrasePairs; p++)
        {
            var source = random.Next(sets.Count);
            var (topic, items) = sets[source];
            // An ad hoc request rewording every item of the return: another stem wording, another threshold form.
            var reworded = items.Select(x =>
            {
                var (_, stem, t, specialty) = topics[topic][x];
                var wording = Stems[stem].Paraphrases[random.Next(Stems[stem].Paraphrases.Length)];
                var threshold = Thresholds[t].Paraphrases[random.Next(Thresholds[t].Paraphrases.Length)];
                return Fill(wording, specialty, threshold);
            }).ToList();
            subjects.Add(new DuplicateSubject($"C{subjects.Count}", $"Ad hoc request {p}", Frequency.AdHoc, reworded, false, false));
            planted.Add((source, subjects.Count - 1));
        }
        return (subjects, planted);
    }

    private static string Fill(string template, string specialty, string threshold)
    {
        var text = template.Replace("{t}", threshold, StringComparison.Ordinal).Replace("{s}", specialty, StringComparison.Ordinal);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private sealed class Progress(TextWriter writer) : IProgress<EncodingProgress>
    {
        private int _last;

        public void Report(EncodingProgress value)
        {
            if (value.Done - _last >= 5_000 || value.Done == value.Total)
            {
                _last = value.Done;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  encoding: {value.Done:N0} of {value.Total:N0}"));
            }
        }
    }

    private sealed class CountingEncoder(ITextEncoder inner) : ITextEncoder
    {
        public int Texts { get; private set; }

        public string ModelName => inner.ModelName;

        public string ModelVersion => inner.ModelVersion;

        public int Dimensions => inner.Dimensions;

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Texts += texts.Count;
            return inner.Encode(texts, cancellationToken);
        }
    }
}
