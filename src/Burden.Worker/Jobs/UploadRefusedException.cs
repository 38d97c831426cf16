using Burden.Core.Common;

namespace Burden.Worker.Jobs;

/// <summary>Why an upload was turned away before it was stored.</summary>
public enum UploadRefusal
{
    /// <summary>The name does not end in an accepted extension.</summary>
    UnsupportedType,
    /// <summary>No bytes.</summary>
    Empty,
    /// <summary>Over the upload limit.</summary>
    TooLarge,
}

/// <summary>An upload turned away by <see cref="UploadIntake"/>; the kind decides a status code, the message is for the person.</summary>
public sealed class UploadRefusedException(UploadRefusal kind, string fileName, string message) : BurdenException(message)
{
    /// <summary>Why it was turned away.</summary>
    public UploadRefusal Kind { get; } = kind;

    /// <summary>The safe file name it was sent under.</summary>
    public string FileName { get; } = fileName;
}
