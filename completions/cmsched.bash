#!/bin/bash

__cmsched_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__cmsched_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__cmsched_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__cmsched_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_cmsched() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    meeting|template|cleanup|notify|bridge|profile|status|config|serve|user|store|log|help)
        # Offer subcommand argument completions
        "_cmsched_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'meeting template cleanup notify bridge profile status config serve user store log help' -- "${cur}"))
        ;;
    esac
}

_cmsched_meeting() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    create|list|show|update|delete|export|import)
        # Offer subcommand argument completions
        "_cmsched_meeting_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'create list show update delete export import' -- "${cur}"))
        ;;
    esac
}

_cmsched_meeting_create() {
    repeating_flags=()
    non_repeating_flags=(--quiet --dry-run --any-template --any-space --version -h --help)
    repeating_options=(--attendee)
    non_repeating_options=(--config --db --log-level --format --name --organizer --organizer-role --start --end --duration --tz --repeat --interval --count --until --rrule --template --space --key --input)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''ics'
        return
        ;;
    '--name')
        return
        ;;
    '--organizer')
        return
        ;;
    '--organizer-role')
        return
        ;;
    '--start')
        return
        ;;
    '--end')
        return
        ;;
    '--duration')
        return
        ;;
    '--tz')
        return
        ;;
    '--repeat')
        return
        ;;
    '--interval')
        return
        ;;
    '--count')
        return
        ;;
    '--until')
        return
        ;;
    '--rrule')
        return
        ;;
    '--attendee')
        return
        ;;
    '--template')
        return
        ;;
    '--space')
        return
        ;;
    '--key')
        return
        ;;
    '--input')
        return
        ;;
    esac
}

_cmsched_meeting_list() {
    repeating_flags=()
    non_repeating_flags=(--quiet --expand --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --from --until --tz --max --organizer)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''ics'
        return
        ;;
    '--from')
        return
        ;;
    '--until')
        return
        ;;
    '--tz')
        return
        ;;
    '--max')
        return
        ;;
    '--organizer')
        return
        ;;
    esac
}

_cmsched_meeting_show() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''ics'
        return
        ;;
    esac
}

_cmsched_meeting_update() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=(--attendee --add-attendee --remove-attendee)
    non_repeating_options=(--config --db --log-level --format --name --organizer --organizer-role --start --end --duration --tz --repeat --interval --count --until --rrule)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''ics'
        return
        ;;
    '--name')
        return
        ;;
    '--organizer')
        return
        ;;
    '--organizer-role')
        return
        ;;
    '--start')
        return
        ;;
    '--end')
        return
        ;;
    '--duration')
        return
        ;;
    '--tz')
        return
        ;;
    '--repeat')
        return
        ;;
    '--interval')
        return
        ;;
    '--count')
        return
        ;;
    '--until')
        return
        ;;
    '--rrule')
        return
        ;;
    '--attendee')
        return
        ;;
    '--add-attendee')
        return
        ;;
    '--remove-attendee')
        return
        ;;
    esac
}

_cmsched_meeting_delete() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --occurrence)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''ics'
        return
        ;;
    '--occurrence')
        return
        ;;
    esac
}

_cmsched_meeting_export() {
    repeating_flags=()
    non_repeating_flags=(--quiet --all --all-roles --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --out)
    __cmsched_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--out')
        return
        ;;
    esac
}

_cmsched_meeting_import() {
    repeating_flags=()
    non_repeating_flags=(--quiet --dry-run --any-template --any-space --version -h --help)
    repeating_options=(--role)
    non_repeating_options=(--config --db --log-level --format --template --space --organizer --organizer-role --tz)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--template')
        return
        ;;
    '--space')
        return
        ;;
    '--role')
        return
        ;;
    '--organizer')
        return
        ;;
    '--organizer-role')
        return
        ;;
    '--tz')
        return
        ;;
    esac
}

_cmsched_template() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|create|delete|assign|unassign)
        # Offer subcommand argument completions
        "_cmsched_template_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show create delete assign unassign' -- "${cur}"))
        ;;
    esac
}

_cmsched_template_list() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --user)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--user')
        return
        ;;
    esac
}

_cmsched_template_show() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_template_create() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=(--access-method)
    non_repeating_options=(--config --db --log-level --format --name --description --call-profile --call-leg-profile --default-access-method)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--name')
        return
        ;;
    '--description')
        return
        ;;
    '--call-profile')
        return
        ;;
    '--call-leg-profile')
        return
        ;;
    '--access-method')
        return
        ;;
    '--default-access-method')
        return
        ;;
    esac
}

_cmsched_template_delete() {
    repeating_flags=()
    non_repeating_flags=(--quiet --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    esac
}

_cmsched_template_assign() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --user --template)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--user')
        return
        ;;
    '--template')
        return
        ;;
    esac
}

_cmsched_template_unassign() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --user --template)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--user')
        return
        ;;
    '--template')
        return
        ;;
    esac
}

_cmsched_cleanup() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    run)
        # Offer subcommand argument completions
        "_cmsched_cleanup_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'run' -- "${cur}"))
        ;;
    esac
}

_cmsched_cleanup_run() {
    repeating_flags=()
    non_repeating_flags=(--quiet --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --now --orphans)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--now')
        return
        ;;
    '--orphans')
        __cmsched_add_completions -W 'report'$'\n''delete'
        return
        ;;
    esac
}

_cmsched_notify() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    send|list|retry)
        # Offer subcommand argument completions
        "_cmsched_notify_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'send list retry' -- "${cur}"))
        ;;
    esac
}

_cmsched_notify_send() {
    repeating_flags=()
    non_repeating_flags=(--quiet --dry-run --retry-now --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --limit)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_cmsched_notify_list() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=(--state)
    non_repeating_options=(--config --db --log-level --format --meeting --since)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--state')
        return
        ;;
    '--meeting')
        return
        ;;
    '--since')
        return
        ;;
    esac
}

_cmsched_notify_retry() {
    repeating_flags=()
    non_repeating_flags=(--quiet --dead --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level)
    __cmsched_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    esac
}

_cmsched_bridge() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|probe)
        # Offer subcommand argument completions
        "_cmsched_bridge_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list probe' -- "${cur}"))
        ;;
    esac
}

_cmsched_bridge_list() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_bridge_probe() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --timeout --warn-days)
    __cmsched_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--timeout')
        return
        ;;
    '--warn-days')
        return
        ;;
    esac
}

_cmsched_profile() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list)
        # Offer subcommand argument completions
        "_cmsched_profile_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list' -- "${cur}"))
        ;;
    esac
}

_cmsched_profile_list() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_status() {
    repeating_flags=()
    non_repeating_flags=(--quiet --offline --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_config() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|get|set|unset)
        # Offer subcommand argument completions
        "_cmsched_config_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show get set unset' -- "${cur}"))
        ;;
    esac
}

_cmsched_config_show() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_config_get() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    esac
}

_cmsched_config_set() {
    repeating_flags=()
    non_repeating_flags=(--quiet --system --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level)
    __cmsched_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    esac
}

_cmsched_config_unset() {
    repeating_flags=()
    non_repeating_flags=(--quiet --system --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    esac
}

_cmsched_serve() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    esac
}

_cmsched_user() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|list|remove)
        # Offer subcommand argument completions
        "_cmsched_user_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add list remove' -- "${cur}"))
        ;;
    esac
}

_cmsched_user_add() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --role)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--role')
        return
        ;;
    esac
}

_cmsched_user_list() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_user_remove() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    esac
}

_cmsched_store() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    copy)
        # Offer subcommand argument completions
        "_cmsched_store_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'copy' -- "${cur}"))
        ;;
    esac
}

_cmsched_store_copy() {
    repeating_flags=()
    non_repeating_flags=(--quiet --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --to)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--to')
        return
        ;;
    esac
}

_cmsched_log() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|show|reset)
        # Offer subcommand argument completions
        "_cmsched_log_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set show reset' -- "${cur}"))
        ;;
    esac
}

_cmsched_log_set() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format --for)
    __cmsched_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    '--for')
        return
        ;;
    esac
}

_cmsched_log_show() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_log_reset() {
    repeating_flags=()
    non_repeating_flags=(--quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --db --log-level --format)
    __cmsched_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        return
        ;;
    '--db')
        return
        ;;
    '--log-level')
        __cmsched_add_completions -W 'trace'$'\n''debug'$'\n''info'$'\n''notice'$'\n''warning'$'\n''error'$'\n''critical'
        return
        ;;
    '--format')
        __cmsched_add_completions -W 'table'$'\n''json'$'\n''csv'
        return
        ;;
    esac
}

_cmsched_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __cmsched_offer_flags_options -1
}

complete -o filenames -F _cmsched cmsched
