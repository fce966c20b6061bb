using System.CommandLine;
using System.IO;

namespace TcpModel.Cli;

/// <summary>
/// <c>tcpmodel completion bash|zsh|fish|pwsh</c>: prints a shell script that completes tcpmodel's
/// commands, options and option values. The script asks tcpmodel itself through System.CommandLine's
/// <c>[suggest:POSITION]</c> directive, so it never goes stale; no dotnet-suggest needed.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # tcpmodel completion for bash: source this, or add `source <(tcpmodel completion bash)` to ~/.bashrc
        _tcpmodel_complete() {
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(tcpmodel "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _tcpmodel_complete tcpmodel
        """;

    private const string Zsh = """
        # tcpmodel completion for zsh: add `source <(tcpmodel completion zsh)` to ~/.zshrc (after compinit)
        _tcpmodel_complete() {
          local -a suggestions
          suggestions=(${(f)"$(tcpmodel "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)"})
          compadd -- $suggestions
        }
        compdef _tcpmodel_complete tcpmodel
        """;

    private const string Fish = """
        # tcpmodel completion for fish: tcpmodel completion fish > ~/.config/fish/completions/tcpmodel.fish
        complete -c tcpmodel -f -a '(set -l line (commandline -cp); tcpmodel "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null)'
        """;

    private const string Pwsh = """
        # tcpmodel completion for PowerShell: add `tcpmodel completion pwsh | Out-String | Invoke-Expression` to $PROFILE
        Register-ArgumentCompleter -Native -CommandName tcpmodel -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            tcpmodel "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }
        """;

    public static Command Create(TextWriter stdout)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish", "pwsh");
        var command = new Command("completion", "Print a script that completes tcpmodel's commands and options in your shell.") { shell };
        command.SetAction(r =>
        {
            stdout.WriteLine(r.GetValue(shell) switch { "bash" => Bash, "zsh" => Zsh, "fish" => Fish, _ => Pwsh });
            return CliApp.Ok;
        });
        return command;
    }
}
