using Xunit;

namespace TcpModel.Cli.Tests;

public class CompletionCommandTests
{
    [Theory]
    [InlineData("bash", "complete -o default -F _tcpmodel_complete tcpmodel")]
    [InlineData("zsh", "compdef _tcpmodel_complete tcpmodel")]
    [InlineData("fish", "complete -c tcpmodel")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName tcpmodel")]
    public void Script_AsksTcpmodelItself(string shell, string hook)
    {
        var (code, output, _) = Cli.Run("completion", shell);
        Assert.Equal(0, code);
        Assert.Contains(hook, output);
        Assert.Contains("[suggest:", output);
    }

    [Theory]
    [InlineData("tcpmodel explore --pro", "--profile")]
    [InlineData("tcpmodel explore --profile ", "rfc9293")]
    [InlineData("tcpmodel sim", "simulate")]
    [InlineData("tcpmodel check x.pcap --f", "--format")]
    public void SuggestDirective_CompletesCommandsOptionsAndValues(string line, string expected)
    {
        var (code, output, _) = Cli.Run("[suggest:" + line.Length + "]", line);
        Assert.Equal(0, code);
        Assert.Contains(expected, output.Split('\n', System.StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void UnknownShell_IsBadUsage()
    {
        var (code, _, err) = Cli.Run("completion", "tcsh");
        Assert.Equal(2, code);
        Assert.Contains("tcsh", err);
    }
}
