namespace TcpModel;

/// <summary>The languages explanations are written in.</summary>
public enum TcpLanguage : byte
{
    /// <summary>English.</summary>
    English = 0,
    /// <summary>Simplified Chinese (简体中文).</summary>
    Chinese = 1,
}
