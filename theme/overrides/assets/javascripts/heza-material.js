/* Material's page helpers (__md_scope, __md_hash, __md_get, __md_set), which its template
   partials/javascripts/base.html writes as an inline script in <head>: here as a file, loaded by
   main.html just before Material's bundle (nothing uses them earlier), so that the Content-Security-Policy
   of deploy/nginx.conf allows no inline script. __md_scope is the site's root, as Material computes it
   from base_url: two folders above this file. tests/test_finish.py checks that the rest is still
   Material's code. */
__md_scope=new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
