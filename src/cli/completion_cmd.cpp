// File: src/cli/completion_cmd.cpp
//
// `driftwise completion bash|zsh|commands`: shell completion scripts written
// from the CLI11 command tree itself, so they can never list an option the
// program does not have. The build runs it to make the files it installs
// (share/bash-completion/completions/driftwise, share/zsh/site-functions/
// _driftwise). Hidden from --help: users get the installed files.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_io.hpp"
#include "command_help.hpp"
#include "commands.hpp"

namespace dw::cli {
namespace {

struct Node {
  std::string path;                // " plan show" ("" for the top level)
  std::vector<std::string> words;  // subcommands, then options
  bool has_subcommands = false;
};

void Walk(const CLI::App* app, const std::string& path,
          std::vector<Node>* out) {
  Node node;
  node.path = path;
  for (const CLI::App* sub : app->get_subcommands({})) {
    if (sub->get_group().empty()) continue;  // hidden (this command)
    node.words.push_back(sub->get_name());
    node.has_subcommands = true;
  }
  for (const CLI::Option* opt : app->get_options({})) {
    for (const std::string& l : opt->get_lnames())
      node.words.push_back("--" + l);
    for (const std::string& s : opt->get_snames())
      node.words.push_back("-" + s);
  }
  out->push_back(node);
  for (const CLI::App* sub : app->get_subcommands({})) {
    if (sub->get_group().empty()) continue;
    // serve and dev-issuer forward everything to driftwise-server.
    if (sub->get_prefix_command()) {
      out->push_back({path + " " + sub->get_name(), {"--help"}, false});
      continue;
    }
    Walk(sub, path + " " + sub->get_name(), out);
  }
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

// Both scripts share one idea: walk the words typed so far, extending the
// command path while a word names a subcommand of it; then offer that
// path's subcommands and options, and file names where a value goes.
// `words_var` is how the shell names the words typed, `first` the index
// of the first one after `driftwise`, `last` the bound before the word
// being completed; `assign` wraps a path's candidates into the variable
// `cands`.
std::string Script(const std::vector<Node>& nodes, const std::string& head,
                   const std::string& words_var, const std::string& first,
                   const std::string& last, const std::string& assign_open,
                   const std::string& assign_close, const std::string& tail) {
  std::string s = head + "  local cmdpath=\"\" w i\n" + "  for ((i = " + first +
                  "; i < " + last + "; i++)); do\n" + "    w=${" + words_var +
                  "[i]}\n" + "    case \"$cmdpath $w\" in\n";
  for (const Node& n : nodes) {
    if (!n.path.empty()) {
      s += "      \"" + n.path + "\") cmdpath=\"" + n.path + "\" ;;\n";
    }
  }
  s += "    esac\n  done\n  case \"$cmdpath\" in\n";
  for (const Node& n : nodes) {
    s += "    \"" + n.path + "\") cands=" + assign_open + Join(n.words) +
         assign_close + " ;;\n";
  }
  return s + "  esac\n" + tail;
}

std::string BashScript(const std::vector<Node>& nodes) {
  return Script(
      nodes,
      "# bash completion for driftwise (made by `driftwise completion bash`)\n"
      "_driftwise() {\n  local cur=${COMP_WORDS[COMP_CWORD]} cands\n",
      "COMP_WORDS", "1", "COMP_CWORD", "\"", "\"",
      "  COMPREPLY=($(compgen -W \"$cands\" -- \"$cur\"))\n"
      "  if [[ $cur != -* ]]; then COMPREPLY+=($(compgen -f -- \"$cur\")); fi\n"
      "}\n"
      "complete -o filenames -F _driftwise driftwise\n");
}

std::string ZshScript(const std::vector<Node>& nodes) {
  return Script(nodes,
                "#compdef driftwise\n"
                "# zsh completion for driftwise (made by `driftwise completion "
                "zsh`)\n"
                "_driftwise() {\n  local -a cands\n",
                "words", "2", "CURRENT", "(", ")",
                "  compadd -a cands\n"
                "  [[ ${words[CURRENT]} == -* ]] || _files\n"
                "}\n"
                "_driftwise \"$@\"\n");
}

}  // namespace

void RegisterCompletionCommand(CLI::App& app, int* exit_code) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "completion", "Print a shell completion script (bash or zsh)");
  cmd->group("");  // hidden
  cmd->add_option("SHELL", *shell, "bash, zsh, or commands (a list)")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "commands"}));
  DescribeCommand(cmd, "the script on stdout", "printed");
  CLI::App* root = &app;
  cmd->callback([root, shell, exit_code] {
    std::vector<Node> nodes;
    Walk(root, "", &nodes);
    if (*shell == "bash") {
      WriteStdout(BashScript(nodes));
    } else if (*shell == "zsh") {
      WriteStdout(ZshScript(nodes));
    } else {
      std::string list;
      for (const Node& n : nodes) {
        if (!n.path.empty() && !n.has_subcommands)
          list += n.path.substr(1) + "\n";
      }
      WriteStdout(list);
    }
    *exit_code = kExitOk;
  });
}

}  // namespace dw::cli
