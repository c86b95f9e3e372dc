# Bash completion for mnistseq-cli. Installed as
# share/bash-completion/completions/mnistseq-cli, where bash-completion loads
# it on first use; or source it from ~/.bashrc.
#
# The commands and each command's options are read from the program's own
# --help, so they never disagree with it. Values are completed for the
# options that take names (the choices below, which a test checks against
# the library's parameter table and the program) or paths.

_mnistseq_cli() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local prog=${COMP_WORDS[0]}
    local commands="generate dataset preview info"

    # The command: the first word that names one (default: generate).
    local command=generate word i
    for ((i = 1; i < COMP_CWORD; ++i)); do
        word=${COMP_WORDS[i]}
        case " $commands " in
            *" $word "*)
                command=$word
                break
                ;;
        esac
    done

    # The value of the option before the cursor.
    case $prev in
        --fit)
            mapfile -t COMPREPLY < <(compgen -W "pad exact strict" -- "$cur")
            return
            ;;
        --align)
            mapfile -t COMPREPLY < <(compgen -W "center left right random" -- "$cur")
            return
            ;;
        --split)
            mapfile -t COMPREPLY < <(compgen -W "train test" -- "$cur")
            return
            ;;
        --format)
            mapfile -t COMPREPLY < <(compgen -W "png npy tar" -- "$cur")
            return
            ;;
        --dtype)
            mapfile -t COMPREPLY < <(compgen -W "uint8 float32" -- "$cur")
            return
            ;;
        --data | --verify)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return
            ;;
        --like)
            mapfile -t COMPREPLY < <(compgen -f -X '!*.png' -- "$cur")
            return
            ;;
        -o | --out | --output)
            if [[ $command == dataset ]]; then
                mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            fi
            return
            ;;
    esac

    if [[ $cur == -* ]]; then
        local help options
        if [[ $command == generate ]]; then
            help=$("$prog" --help 2>/dev/null)
        else
            help=$("$prog" "$command" --help 2>/dev/null)
        fi
        # Option names at the start of --help's option lines.
        options=$(printf '%s\n' "$help" |
            sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p')
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
        return
    fi
    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
    elif [[ $command == info ]]; then
        mapfile -t COMPREPLY < <(compgen -f -X '!*.png' -- "$cur")
    fi
}

complete -o default -F _mnistseq_cli mnistseq-cli
