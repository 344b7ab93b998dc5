namespace AkkaOcr.Messages.Ocr;

/// <summary>Why a worker could not read an image; the gateway maps each to one HTTP status.</summary>
public enum OcrFailure
{
    /// <summary>Not decodable: corrupt, truncated, or a format the image library does not read.</summary>
    UnreadableImage = 0,

    /// <summary>More pixels than a worker accepts; guards against decompression bombs.</summary>
    TooManyPixels = 1,

    /// <summary>A language with no traineddata on the worker.</summary>
    UnknownLanguage = 2,

    /// <summary>The deadline passed; the engine was cancelled.</summary>
    TimedOut = 3,

    /// <summary>The engine failed; the worker recreates it.</summary>
    EngineFailure = 4,

    /// <summary>A document with more pages than one request reads; longer ones are for a job.</summary>
    TooManyPages = 5,

    /// <summary>The sender cancelled the work (its document job was cancelled); no one waits for this answer.</summary>
    Cancelled = 6,
}
