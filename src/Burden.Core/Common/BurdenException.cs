namespace Burden.Core.Common;

/// <summary>A domain failure a person can act on: the message says what was wrong and what was expected.</summary>
public class BurdenException : Exception
{
    /// <summary>Creates the exception with a message meant for the user.</summary>
    public BurdenException(string message) : base(message) { }

    /// <summary>Creates the exception with a message meant for the user and the failure underneath.</summary>
    public BurdenException(string message, Exception inner) : base(message, inner) { }
}
